// Exports zoo classification models to ONNX and records zoo's own inference on real image files,
// for Tests/interop/compare.py to check with onnxruntime. Usage: ONNXInterop OUT_DIR [ARCH...]
import Engine
import Foundation
import Tasks
import ZooCore

/// Preprocessing of TAO classification's default `caffe` mode: RGB → BGR, minus the ImageNet means.
func caffeTensor(_ images: [(pixels: [UInt8], width: Int, height: Int)]) -> Tensor {
    let means: [Float] = [103.939, 116.779, 123.68]  // B, G, R
    let (h, w) = (images[0].height, images[0].width)
    var values = [Float](repeating: 0, count: images.count * 3 * h * w)
    for (n, image) in images.enumerated() {
        for c in 0..<3 {
            let source = 2 - c  // BGR plane c reads RGB sample 2 − c
            for i in 0..<(h * w) {
                values[(n * 3 + c) * h * w + i] = Float(image.pixels[i * 3 + source]) - means[c]
            }
        }
    }
    return Tensor(values, shape: [images.count, 3, h, w])
}

/// Gives batch norms non-trivial scales and shifts, then sets their moving statistics to the
/// batch statistics of `input` (one training-mode pass with momentum 0), so every layer sees
/// normalized activations as in a trained model.
func realisticWeights(_ graph: Graph, input: Tensor, seed: UInt64) throws -> [String: Tensor] {
    let statisticsGraph = try graph.mapNodes { node in
        var node = node
        if case .batchNorm(var a) = node.op {
            a.momentum = 0
            a.frozenStatistics = false
            node.op = .batchNorm(a)
        }
        return node
    }
    let model = try Model(graph: statisticsGraph, seed: seed)
    for p in model.parameters where p.spec.role == .gamma || p.spec.role == .beta {
        var g = SeededGenerator(seed: seed, name: p.name + "/perturb")
        p.value = p.spec.role == .gamma ? Tensor.uniform(p.spec.shape, min: 0.5, max: 1.5, generator: &g)
            : Tensor.uniform(p.spec.shape, min: -0.2, max: 0.2, generator: &g)
    }
    _ = try model.forward([graph.inputs[0]: input], mode: .training)
    return model.weights()
}

func run() throws {
    let arguments = CommandLine.arguments.dropFirst()
    guard let outPath = arguments.first else {
        throw ZooError.usage("usage: ONNXInterop OUT_DIR [ARCH...]", hint: "archs: \(Architectures.all.map(\.name).joined(separator: ", "))")
    }
    let out = URL(fileURLWithPath: outPath)
    let archs = arguments.count > 1 ? Array(arguments.dropFirst()) : Architectures.all.map(\.name)
    let fm = FileManager.default

    // Real files: two JPEG and two PNG scenes at the model's input size, decoded back from disk.
    let imagesDir = out.appendingPathComponent("images")
    try fm.createDirectory(at: imagesDir, withIntermediateDirectories: true)
    let size = Architectures.inputSize
    var files: [URL] = []
    for i in 0..<4 {
        let rgb = ImageFiles.scene(width: size.w, height: size.h, seed: UInt64(i))
        let png = i % 2 == 1
        let url = imagesDir.appendingPathComponent("scene_\(i).\(png ? "png" : "jpg")")
        try (png ? ImageFiles.encodePNG(rgb, width: size.w, height: size.h)
                 : ImageFiles.encodeJPEG(rgb, width: size.w, height: size.h)).write(to: url)
        files.append(url)
    }
    let input = caffeTensor(try files.map(ImageFiles.decodeRGB))

    var entries: [[String: Any]] = []
    for arch in archs {
        let graph = try Architectures.classifier(arch)
        let model = try Model(graph: graph)
        try model.load(weights: realisticWeights(graph, input: input, seed: 42))

        let started = ContinuousClock.now
        let export = try ONNXExporter.export(model, options: ONNXExportOptions(producerVersion: "interop"))
        let onnx = try export.serializedData()
        let exportTime = ContinuousClock.now - started

        // zoo's inference, recording max |x| of every activation under its ONNX tensor name.
        let tensorByNode = Dictionary(uniqueKeysWithValues: export.tensorNames.produced.map { ($0.node, $0.tensor) })
        var amax: [String: Double] = [:]
        let outputs = try model.forward([graph.inputs[0]: input]) { node, value in
            guard let tensor = tensorByNode[node] else { return }
            let m = value.withUnsafeBufferPointer { $0.reduce(Float(0)) { max($0, abs($1)) } }
            amax[tensor] = Double(m)
        }

        let dir = out.appendingPathComponent(arch)
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        try onnx.write(to: dir.appendingPathComponent("model.onnx"))
        try NumPyFile.data(input).write(to: dir.appendingPathComponent("input.npy"))
        var outputFiles: [String: String] = [:]
        for name in graph.outputs {
            let tensor = export.tensorNames.tensor(for: name)!
            let file = "\(arch)/" + tensor.replacingOccurrences(of: "/", with: "_") + ".npy"
            try NumPyFile.data(outputs[name]!).write(to: out.appendingPathComponent(file))
            outputFiles[tensor] = file
        }
        let seconds = Double(exportTime.components.seconds) + Double(exportTime.components.attoseconds) * 1e-18
        entries.append([
            "arch": arch, "model": "\(arch)/model.onnx", "input": graph.inputs[0], "input_file": "\(arch)/input.npy",
            "outputs": outputFiles, "amax": amax, "export_seconds": seconds, "onnx_bytes": onnx.count,
            "parameters": try graph.parameterCount(),
        ])
        FileHandle.standardError.write(Data("\(arch): exported \(Format.size(Int64(onnx.count))) in \(String(format: "%.3f", seconds)) s\n".utf8))
    }
    let manifest: [String: Any] = ["images": files.map(\.lastPathComponent), "archs": entries]
    try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys])
        .write(to: out.appendingPathComponent("manifest.json"))
}

do {
    try run()
} catch {
    FileHandle.standardError.write(Data((ZooError.wrap(error).rendered + "\n").utf8))
    exit(1)
}
