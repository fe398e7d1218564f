// Vision benchmarks: image codecs, resize, augmentation, CRC32C, TFRecord I/O, dataset_convert and
// the synthetic generators. Run through bench/vision/run (release build); prints one line per measure.
import Foundation
import Vision

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Runs `body` `repeats` times (after one warm-up) and reports the best time per call.
func measure(_ name: String, repeats: Int, unit: (count: Double, label: String)? = nil, _ body: () throws -> Void) rethrows {
    try body()
    var best = Double.infinity
    for _ in 0..<repeats { best = min(best, try seconds(body)) }
    var line = String(format: "%-44@ %9.3f ms", name as NSString, best * 1000)
    if let unit { line += String(format: "   %10.1f %@/s", unit.count / best, unit.label) }
    print(line)
}

let work = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-vision-bench-\(getpid())")
try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: work) }

// A realistic photo-like frame at KITTI's size, from the dashcam generator.
let frame = SyntheticDataset.detection(.dashcam, index: 0, seed: 1, width: 1248, height: 384).image
let megapixels = Double(frame.width * frame.height) / 1e6
let jpeg = try frame.encoded(as: .jpeg, quality: 90)
let png = try frame.encoded(as: .png)
print("frame 1248x384 RGB: JPEG \(jpeg.count / 1024) KiB, PNG \(png.count / 1024) KiB")

measure("decode JPEG 1248x384", repeats: 10, unit: (megapixels, "Mpx")) { _ = try! ImageCodec.decode(jpeg, source: "bench") }
measure("decode PNG 1248x384", repeats: 10, unit: (megapixels, "Mpx")) { _ = try! ImageCodec.decode(png, source: "bench") }
measure("encode JPEG q90 1248x384", repeats: 10, unit: (megapixels, "Mpx")) { _ = try! frame.encoded(as: .jpeg, quality: 90) }
measure("encode PNG level 6 1248x384", repeats: 5, unit: (megapixels, "Mpx")) { _ = try! frame.encoded(as: .png) }
for method in [Interpolation.bilinear, .bicubic, .area] {
    measure("resize \(method.rawValue) 1248x384 -> 960x544", repeats: 10, unit: (megapixels, "Mpx")) {
        _ = frame.resized(width: 960, height: 544, method: method)
    }
}
measure("resize area 1248x384 -> 312x96", repeats: 10, unit: (megapixels, "Mpx")) { _ = frame.resized(width: 312, height: 96, method: .area) }
measure("to NCHW caffe 1248x384", repeats: 10, unit: (megapixels, "Mpx")) { _ = frame.chw(.caffe()) }

var augmentation = DetectNetAugmentation(outputWidth: 1248, outputHeight: 384)
augmentation.hflipProbability = 0.5; augmentation.zoomMin = 0.8; augmentation.zoomMax = 1.2
augmentation.translateMaxX = 8; augmentation.translateMaxY = 8
augmentation.hueRotationMax = 25; augmentation.saturationShiftMax = 0.2; augmentation.contrastScaleMax = 0.1
var random = SeededRandom(seed: 1)
let sample = LabeledImage(image: frame, boxes: (0..<20).map { LabeledBox(box: BoundingBox(x1: Float($0 * 50), y1: 100, x2: Float($0 * 50 + 40), y2: 200), label: $0) })
measure("DetectNet augment (warp + colour) 1248x384", repeats: 10, unit: (megapixels, "Mpx")) { _ = augmentation.augment(sample, random: &random) }
var yolo = YOLOAugmentation(outputWidth: 416, outputHeight: 416)
yolo.jitter = 0.3; yolo.hue = 0.1; yolo.saturation = 1.5; yolo.exposure = 1.5; yolo.mosaicProbability = 1
measure("YOLO mosaic of 4 frames -> 416x416", repeats: 10) { _ = yolo.augment(sample, random: &random, pool: { [sample, sample, sample] }) }

let buffer = [UInt8]((0..<(16 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) })
measure("CRC32C 16 MiB", repeats: 5, unit: (16, "MiB")) { _ = CRC32C.checksum(buffer) }

let record = DetectionRecord(frameID: "images/000000", width: 1248, height: 384, objects: (0..<10).map {
    KITTIObject(type: "car", box: BoundingBox(x1: Float($0), y1: 1, x2: Float($0 + 50), y2: 60))
})
let payload = record.example.serialized()
let shard = work.appendingPathComponent("shard")
measure("TFRecord write 20k records (10 objects)", repeats: 3, unit: (20_000, "rec")) {
    let writer = try! TFRecordWriter(url: shard)
    for _ in 0..<20_000 { try! writer.write(payload) }
    try! writer.finish()
}
measure("TFRecord read+verify 20k records", repeats: 3, unit: (20_000, "rec")) { _ = try! TFRecordReader(url: shard).records() }
measure("tf.train.Example encode+parse", repeats: 5, unit: (1000, "ex")) {
    for _ in 0..<1000 { _ = try! DetectionRecord(example: TFExample(serialized: record.example.serialized()), source: "bench") }
}

let kitti = work.appendingPathComponent("kitti")
let frames = 500
let synthTime = try seconds { _ = try SyntheticDataset.generate(.traffic, count: frames, seed: 1, output: kitti) }
print(String(format: "%-44@ %9.3f s    %10.1f img/s", "synth traffic 480x272 x\(frames) (all cores)" as NSString, synthTime, Double(frames) / synthTime))
let convertTime = try seconds {
    _ = try DatasetConverter.convert(ConversionConfig(source: .kitti(KITTIConversionSource(rootDirectoryPath: kitti.path))),
                                     output: work.appendingPathComponent("tfrecords/kitti").path)
}
print(String(format: "%-44@ %9.3f s    %10.1f frames/s", "dataset_convert KITTI x\(frames) (2 folds, 10 shards)" as NSString, convertTime, Double(frames) / convertTime))

for kind in SyntheticKind.allCases {
    let out = work.appendingPathComponent("synth-\(kind.rawValue)")
    let time = try seconds { _ = try SyntheticDataset.generate(kind, count: 100, seed: 2, output: out) }
    let size = kind.defaultSize
    print(String(format: "%-44@ %9.3f s    %10.1f img/s", "synth \(kind.rawValue) \(size.width)x\(size.height) x100 (all cores)" as NSString,
                 time, 100 / time))
}

// The classification trainer's input pipeline: decode JPEG 224x224 crops, augment, normalize, batch (one background thread).
let crops = work.appendingPathComponent("synth-vehicle_types")
var loaderOptions = ClassificationLoaderOptions(input: InputShape(width: 224, height: 224, channels: 3), normalization: .caffe(),
                                                augment: true, batchSize: 32, shuffle: true, seed: 1)
loaderOptions.augmentation.randomCrop = true
let loader = try ClassificationBatchLoader(dataset: ClassFolderDataset(root: crops), options: loaderOptions)
for epoch in 0..<2 {
    var images = 0
    let time = try seconds {
        let batches = loader.epoch(epoch)
        while let batch = try batches.next() { images += batch.count }
    }
    print(String(format: "%-44@ %9.3f s    %10.1f img/s", "classification loader 224x224 b32 aug, epoch \(epoch)" as NSString,
                 time, Double(images) / time))
}
