import Foundation
import Testing
@testable import Tasks
import ZooCore

@Suite struct CalibrationTests {
    /// A deterministic pseudo-random Gaussian sample.
    func gaussian(_ n: Int, seed: UInt64) -> [Float] {
        var state = seed
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Double(state >> 11) + 0.5) / Double(1 << 53)
        }
        return (0..<n).map { _ in Float(sqrt(-2 * log(uniform())) * cos(2 * .pi * uniform())) }
    }

    @Test func clipsOutliersOfAGaussian() {
        var values = gaussian(200_000, seed: 7)
        values.append(40)  // one far outlier sets the histogram range
        var calibrator = EntropyCalibrator()
        values.withUnsafeBufferPointer { calibrator.observeRange("conv1", $0) }
        values.withUnsafeBufferPointer { calibrator.observeHistogram("conv1", $0) }
        let amax = calibrator.amaxByTensor()[0].amax
        // The entropy threshold ignores the single outlier: well below 40, above the bulk of N(0,1).
        #expect(amax < 10)
        #expect(amax > 2.5)
    }

    @Test func uniformDataKeepsNearlyTheWholeRange() {
        let values = (0..<100_000).map { Float($0 % 1000) / 1000 }
        var calibrator = EntropyCalibrator()
        values.withUnsafeBufferPointer { calibrator.observeRange("x", $0) }
        values.withUnsafeBufferPointer { calibrator.observeHistogram("x", $0) }
        let amax = calibrator.amaxByTensor()[0].amax
        #expect(amax > 0.9 && amax <= 1.0)
    }

    @Test func cacheTextMatchesTensorRTFormat() throws {
        let cache = CalibrationCache(tensorRTVersion: 8503, entries: [("input_1", 127 * 0.0078125), ("conv1/Relu", 2.54)])
        let lines = cache.text.split(separator: "\n")
        #expect(lines[0] == "TRT-8503-EntropyCalibration2")
        #expect(lines[1] == "input_1: 3c000000")
        #expect(lines[2] == "conv1/Relu: 3ca3d70a")  // 2.54/127 = 0.02 → 0x3ca3d70a
        let parsed = try CalibrationCache(parsing: cache.text)
        #expect(parsed.entries.map(\.tensor) == ["input_1", "conv1/Relu"])
        #expect(abs(parsed.entries[1].amax - 2.54) < 1e-5)
        let json = try JSONSerialization.jsonObject(with: Data(cache.jsonText.utf8)) as? [String: [String: Double]]
        #expect(json?["tensor_scales"]?["input_1"] == 0.9921875)
    }

    @Test func garbageCacheIsAZooError() {
        #expect(throws: (any Error).self) { try CalibrationCache(parsing: "hello\n") }
    }
}

@Suite struct ClassificationMetricsTests {
    @Test func matchesScikitLearnReport() {
        var m = ClassificationMetrics(classNames: ["cat", "dog", "fish"], topK: 2)
        // true, scores
        let samples: [(Int, [Float])] = [
            (0, [0.9, 0.05, 0.05]), (0, [0.2, 0.7, 0.1]), (1, [0.1, 0.8, 0.1]),
            (1, [0.1, 0.6, 0.3]), (2, [0.5, 0.1, 0.4]), (2, [0.1, 0.1, 0.8]),
        ]
        for (label, scores) in samples { m.add(label: label, scores: scores) }
        #expect(m.accuracy == 4.0 / 6.0)
        #expect(m.topKAccuracy == 1.0)
        #expect(m.confusionMatrixText == "[[1 1 0]\n [0 2 0]\n [1 0 1]]")
        // sklearn.metrics.classification_report(y_true=[0,0,1,1,2,2], y_pred=[0,1,1,1,0,2], target_names=[...])
        #expect(m.reportText == """
                      precision    recall  f1-score   support

                 cat       0.50      0.50      0.50         2
                 dog       0.67      1.00      0.80         2
                fish       1.00      0.50      0.67         2

            accuracy                           0.67         6
           macro avg       0.72      0.67      0.66         6
        weighted avg       0.72      0.67      0.66         6

        """)
    }
}

@Suite struct KeyedEncryptionTests {
    @Test func roundTripsAndRejectsAWrongKey() throws {
        let payload = Data((0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let sealed = try KeyedEncryption.seal(payload, key: "tlt_encode", rounds: 1000)
        #expect(KeyedEncryption.isSealed(sealed))
        #expect(sealed.count == payload.count + KeyedEncryption.headerSize + 16)
        #expect(try KeyedEncryption.open(sealed, key: "tlt_encode", name: "model.tlt") == payload)
        let error = #expect(throws: ZooError.self) { try KeyedEncryption.open(sealed, key: "nvidia_tlt", name: "model.tlt") }
        #expect(error?.message == "wrong key for model.tlt")
        #expect(error?.exitCode == ZooError.Code.auth)
    }

    @Test func truncatedOrForeignFilesAreClearErrors() throws {
        let sealed = try KeyedEncryption.seal(Data("abc".utf8), key: "k", rounds: 10)
        #expect(throws: (any Error).self) { try KeyedEncryption.open(sealed.prefix(20), key: "k", name: "m") }
        #expect(throws: (any Error).self) { try KeyedEncryption.open(Data("plain onnx".utf8), key: "k", name: "m") }
        #expect(throws: (any Error).self) { try KeyedEncryption.seal(Data(), key: "") }
    }
}

@Suite struct StatusLoggerTests {
    @Test func writesTaoKeyOrder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-status-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        let logger = try StatusLogger(resultsDirectory: dir, clock: { date })
        try logger.write(status: .started, message: "Starting Training Loop.")
        logger.set(graphical: [("loss", .string("0.5")), ("learning_rate", .string("0.001"))], kpi: [("validation_accuracy", .double(0.75))])
        try logger.write(data: [("epoch", .int(1)), ("max_epoch", .int(10)), ("time_per_epoch", .string(StatusLogger.timedelta(83.25)))],
                         message: "Training loop in progress")
        let lines = try String(contentsOf: logger.url, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("{\"date\": \""))
        #expect(lines[0].hasSuffix("\"status\": \"STARTED\", \"verbosity\": \"INFO\", \"message\": \"Starting Training Loop.\"}"))
        #expect(lines[1].hasPrefix("{\"epoch\": 1, \"max_epoch\": 10, \"time_per_epoch\": \"0:01:23.250000\", \"date\": "))
        #expect(lines[1].hasSuffix("\"graphical\": {\"loss\": \"0.5\", \"learning_rate\": \"0.001\"}, \"kpi\": {\"validation_accuracy\": 0.75}}"))
    }

    @Test func timedeltaLikePython() {
        #expect(StatusLogger.timedelta(0) == "0:00:00")
        #expect(StatusLogger.timedelta(3723.5) == "1:02:03.500000")
        #expect(StatusLogger.timedelta(2 * 86400 + 5) == "2 days, 0:00:05")
    }
}
