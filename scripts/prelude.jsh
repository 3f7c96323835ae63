import java.nio.file.*;
import java.util.*;
import tfvae.*;
import tfvae.data.*;
import tfvae.charts.*;
import tfvae.examples.Workspace;
