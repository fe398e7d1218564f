import Foundation
import Testing
import ZooCore
@testable import Specs

@Suite struct DatasetConvertSpecTests {
    @Test(arguments: ["detectnet_v2__detectnet_v2_tfrecords_kitti_trainval.txt", "yolo_v4__yolo_v4_tfrecords_kitti_train.txt",
                      "yolo_v4__yolo_v4_tfrecords_kitti_val.txt"])
    func taoConvertSpecsLoad(_ name: String) throws {
        let spec = try DatasetConvertSpec.load(Fixtures.tao(name))
        let kitti = spec.message.kittiConfig
        #expect(kitti.partitionMode == "random")
        #expect(kitti.numPartitions == 2)
        #expect(kitti.valSplit == 14)
        #expect(kitti.numShards == 10)
        #expect(kitti.imageExtension == ".png")
        #expect(spec.message.imageDirectoryPath.hasPrefix("/workspace/tao-experiments/data/"))
    }

    @Test func relativePathsResolveAgainstTheSpecFolder() throws {
        let path = try Fixtures.write("""
            kitti_config {
              root_directory_path: "../data/people"
              image_dir_name: "images"
              label_dir_name: "labels"
              partition_mode: "random"
              num_partitions: 2
              val_split: 20
            }
            image_directory_path: "../data/people"
            target_class_mapping { key: "person" value: "person" }
            """)
        let spec = try DatasetConvertSpec.load(path)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent().path
        #expect(spec.message.kittiConfig.rootDirectoryPath == folder + "/data/people")
        #expect(spec.message.kittiConfig.imageDirName == "images")
        #expect(spec.asWritten.kittiConfig.rootDirectoryPath == "../data/people")
        #expect(spec.message.kittiConfig.imageExtension == ".png")
        #expect(spec.appliedDefaults.count == 1)
        #expect(spec.message.targetClassMapping == ["person": "person"])
    }

    @Test func randomPartitioningNeedsTwoPartitions() throws {
        let path = try Fixtures.write("""
            kitti_config {
              root_directory_path: "/data"
              image_dir_name: "images"
              label_dir_name: "labels"
              partition_mode: "random"
              num_partitions: 3
              val_split: 140
            }
            """)
        let error = try #require(throws: ZooError.self) { try DatasetConvertSpec.load(path) }
        let lines = error.message.split(separator: "\n").map(String.init)
        #expect(lines == [
            "\(path):6:3: kitti_config.num_partitions must be 2 with partition_mode \"random\" (validation and training), got 3",
            "\(path):7:3: kitti_config.val_split must be within [0, 100), got 140",
        ])
    }
}
