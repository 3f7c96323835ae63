package tfvae.runtime;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tfvae.Activation;
import tfvae.ImageShape;
import tfvae.Layer;
import tfvae.Likelihood;
import tfvae.Objective;
import tfvae.Schema;
import tfvae.TrainingRecord;
import tfvae.Vae;
import tfvae.internal.EpochJson;

/**
 * The JSON records of a checkpoint's {@code meta.json} and their conversions to and from the API's values; the
 * file's layout, reading and checks are {@link Checkpoint}'s.
 */
final class CheckpointJson {
  static final Gson GSON = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
      .registerTypeAdapter(new TypeToken<Map<String, Double>>() {}.getType(), new MeasuresAdapter().nullSafe())
      .setPrettyPrinting().create();

  /**
   * An epoch's measures ({@link EpochJson#measures()}) as a JSON object in their order, a NaN as null: Gson leaves
   * out null map values (and refuses NaN), so this adapter writes the nulls itself and reads them back.
   */
  private static final class MeasuresAdapter extends TypeAdapter<Map<String, Double>> {
    @Override public void write(JsonWriter out, Map<String, Double> measures) throws IOException {
      boolean nulls = out.getSerializeNulls();
      out.setSerializeNulls(true);
      out.beginObject();
      for (Map.Entry<String, Double> e : measures.entrySet()) {
        out.name(e.getKey());
        if (e.getValue() == null || e.getValue().isNaN()) out.nullValue();
        else out.value(e.getValue());
      }
      out.endObject();
      out.setSerializeNulls(nulls);
    }

    @Override public Map<String, Double> read(JsonReader in) throws IOException {
      Map<String, Double> m = new LinkedHashMap<>();
      in.beginObject();
      while (in.hasNext()) {
        String name = in.nextName();
        if (in.peek() == JsonToken.NULL) {
          in.nextNull();
          m.put(name, null);
        } else {
          m.put(name, in.nextDouble());
        }
      }
      in.endObject();
      return m;
    }
  }

  private CheckpointJson() {}

  /**
   * The architecture. Format 2 writes {@code encoder}, {@code decoder}, {@code likelihood} and {@code objective};
   * format 1 had {@code hidden} (one layer of that width in both networks, Bernoulli pixels) and {@code estimator}
   * ({@code MONTE_CARLO}: the ELBO, {@code ANALYTIC_KL}: the analytic-KL ELBO), which are still read. Format 3
   * writes {@code encoder_layers} and {@code decoder_layers} (text form) in place of the widths, and {@code image}
   * ([height, width, channels]) when the spec has one.
   */
  record SpecJson(int dataDim, int latent, @Nullable Integer hidden, @Nullable List<Integer> encoder, @Nullable List<Integer> decoder,
      String activation, @Nullable String likelihood, double initScale, long seed, @Nullable String estimator,
      @Nullable ObjectiveJson objective, @Nullable List<String> encoderLayers, @Nullable List<String> decoderLayers,
      int @Nullable [] image, @Nullable List<ColumnJson> schema, @Nullable String condition) {
    static SpecJson of(Vae v) {
      boolean mlp = v.isPlainMlp();
      return new SpecJson(v.dataDim(), v.latent(), null, mlp ? widths(v.encoder()) : null, mlp ? widths(v.decoder()) : null,
          v.activation().name(), v.likelihood().name(), v.initScale(), v.seed(), null, ObjectiveJson.of(v.objective()),
          mlp ? null : texts(v.encoder()), mlp ? null : texts(v.decoder()),
          v.image() == null ? null : new int[] {v.image().height(), v.image().width(), v.image().channels()},
          ColumnJson.of(v.schema()), v.condition() == null ? null : v.condition().toString());
    }

    private static List<Integer> widths(List<Layer> layers) {
      return layers.stream().map(l -> ((Layer.Dense) l).units()).toList();
    }

    private static List<String> texts(List<Layer> layers) { return layers.stream().map(Layer::toString).toList(); }

    private static List<Layer> layers(@Nullable List<Integer> widths, @Nullable List<String> texts) {
      if (texts != null) return texts.stream().map(t -> Layer.parse(Objects.requireNonNull(t, "a null layer"))).toList();
      if (widths == null) throw new IllegalArgumentException("no layers");
      return widths.stream().map(w -> (Layer) Layer.dense(Objects.requireNonNull(w, "a null layer width"))).toList();
    }

    Vae toVae(int formatVersion) {
      if (formatVersion == 1) {
        Objective o = switch (estimator) {
          case "MONTE_CARLO" -> Objective.elbo();
          case "ANALYTIC_KL" -> Objective.analyticKl();
          default -> throw new IllegalArgumentException("unknown estimator " + estimator);
        };
        return new Vae(dataDim, latent, List.of(Layer.dense(hidden)), List.of(Layer.dense(hidden)), Activation.valueOf(activation),
            Likelihood.BERNOULLI, initScale, seed, o, null, null, null);
      }
      if (objective == null) throw new IllegalArgumentException("no objective");
      if (image != null && image.length != 3) throw new IllegalArgumentException("image must be [height, width, channels]");
      if (schema != null && formatVersion < 3) throw new IllegalArgumentException("a schema in a format " + formatVersion + " file");
      if (condition != null && formatVersion < 4) throw new IllegalArgumentException("a condition in a format " + formatVersion + " file");
      return new Vae(dataDim, latent, layers(encoder, encoderLayers), layers(decoder, decoderLayers), Activation.valueOf(activation),
          Likelihood.valueOf(likelihood), initScale, seed, objective.toObjective(),
          image == null ? null : new ImageShape(image[0], image[1], image[2]), schema == null ? null : ColumnJson.toSchema(schema),
          condition == null ? null : tfvae.Condition.parse(condition));
    }
  }

  /** One column of a table model's schema (format 3): name, kind (numeric, binary, categorical, count), location, scale, levels. */
  record ColumnJson(String name, String kind, double location, double scale, List<String> levels) {
    static @Nullable List<ColumnJson> of(@Nullable Schema s) {
      if (s == null) return null;
      return s.columns().stream().map(c -> new ColumnJson(c.name(), c.kind().cliName(), c.location(), c.scale(), c.levels())).toList();
    }

    static Schema toSchema(List<ColumnJson> columns) {
      List<Schema.Column> out = new ArrayList<>();
      for (ColumnJson c : columns) {
        if (c == null) throw new IllegalArgumentException("an empty schema column");
        out.add(new Schema.Column(c.name(), Schema.Kind.parse(c.kind()), c.location(), c.scale(), c.levels()));
      }
      return new Schema(out);
    }
  }

  record ObjectiveJson(String kind, int k, double beta, int warmupEpochs) {
    static ObjectiveJson of(Objective o) { return new ObjectiveJson(o.kind().name(), o.k(), o.beta(), o.warmupEpochs()); }

    Objective toObjective() { return new Objective(Objective.Kind.valueOf(kind), k, beta, warmupEpochs); }
  }

  record DataJson(int count, int dim, String sha256) {
    static @Nullable DataJson of(TrainingRecord.@Nullable Data d) { return d == null ? null : new DataJson(d.count(), d.dim(), d.sha256()); }

    TrainingRecord.Data toData() { return new TrainingRecord.Data(count, dim, sha256); }
  }

  /**
   * What the parameters depend on besides the spec (absent from checkpoints written before tfvae recorded it), and
   * {@code probe}, the name of the run's {@link tfvae.EpochProbe} (absent when it had none).
   */
  record TrainingJson(int batchSize, double learningRate, String batchOrder, DataJson train, @Nullable DataJson test,
      @Nullable String probe) {
    static @Nullable TrainingJson of(@Nullable TrainingRecord r) {
      return r == null ? null : new TrainingJson(r.batchSize(), r.learningRate(), r.batchOrder(), DataJson.of(r.train()), DataJson.of(r.test()),
          r.probe());
    }

    TrainingRecord toRecord() {
      return new TrainingRecord(batchSize, learningRate, batchOrder, train.toData(), test == null ? null : test.toData(), probe);
    }
  }

  record ArrayJson(String name, String dtype, long[] shape) {}

  record Meta(String format, int formatVersion, String libraryVersion, String tensorflowVersion, SpecJson spec,
      @Nullable TrainingJson training, List<EpochJson> history, List<ArrayJson> arrays) {}
}
