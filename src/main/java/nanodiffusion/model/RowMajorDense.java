package nanodiffusion.model;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * A fully connected layer with bias, the same parameters and mathematics as DL4J's DenseLayer, whose forward
 * product is written straight into its row-major output ({@link RowMajorDenseLayer}). Configuration only; it
 * serialises with the network like any DL4J layer.
 */
public class RowMajorDense extends FeedForwardLayer {
    private static final long serialVersionUID = 1L;

    /** For the JSON form of the configuration. */
    public RowMajorDense() {
    }

    private RowMajorDense(Builder builder) {
        super(builder);
        initializeConstraints(builder);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("RowMajorDense", getLayerName(), layerIndex, getNIn(), getNOut());
        RowMajorDenseLayer layer = new RowMajorDenseLayer(conf, networkDataType);
        layer.setListeners(trainingListeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        layer.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return DefaultParamInitializer.getInstance();
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType outputType = getOutputType(-1, inputType);
        long numParams = initializer().numParams(this);
        return new LayerMemoryReport.Builder(layerName, RowMajorDense.class, inputType, outputType)
                .standardMemory(numParams, (int) getIUpdater().stateSize(numParams))
                .workingMemory(0, 0, 0, outputType.arrayElementsPerExample())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        @Override
        public RowMajorDense build() {
            return new RowMajorDense(this);
        }
    }
}
