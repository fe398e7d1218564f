import Backbones
import Engine
import Testing

/// Parameter counts (moving statistics included, as Keras counts them) against the published
/// totals of the same networks in `keras.applications` with `include_top=False`, at the TAO
/// options that make them the same network.
@Suite struct ParameterCountTests {
    static func count(_ arch: String, layers: Int = 0, _ configure: (inout BackboneOptions) -> Void = { _ in }) throws -> Int {
        var options = BackboneOptions(layers: layers)
        configure(&options)
        return try BackboneCatalog.build(arch: arch, options: options).graph().parameterCount()
    }

    @Test func mobileNetsMatchKeras() throws {
        #expect(try ParameterCountTests.count("mobilenet_v1") == 3_228_864)
        #expect(try ParameterCountTests.count("mobilenet_v2") { $0.allProjections = false } == 2_257_984)
    }

    @Test func vggWithoutBatchNormMatchesKeras() throws {
        #expect(try ParameterCountTests.count("vgg", layers: 16) { $0.useBatchNorm = false } == 14_714_688)
        #expect(try ParameterCountTests.count("vgg", layers: 19) { $0.useBatchNorm = false } == 20_024_384)
    }

    @Test func resNet50WithBiasesAndClassicShortcutsMatchesKeras() throws {
        #expect(try ParameterCountTests.count("resnet", layers: 50) {
            $0.useBias = true
            $0.allProjections = false
            $0.usePooling = true
        } == 23_587_712)
    }

    /// Keras' totals less the 7 values of the input `Normalization` layer TAO does not have.
    @Test func efficientNetsMatchKeras() throws {
        #expect(try ParameterCountTests.count("efficientnet_b0") == 4_049_571 - 7)
        #expect(try ParameterCountTests.count("efficientnet_b1") == 6_575_239 - 7)
    }
}
