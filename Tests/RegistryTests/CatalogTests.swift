import Foundation
import Registry
import Testing
import ZooCore

/// The committed catalog: the models, versions, classes, inputs and file names NGC has.
@Suite struct CatalogTests {
    let catalog = RegistryStore(root: repositoryCatalog, readOnly: true)

    @Test func listsTheZoosModels() throws {
        let repositories = try catalog.models().map(\.repository).sorted()
        #expect(repositories == [
            "nvidia/tao/bodyposenet", "nvidia/tlt_dashcamnet", "nvidia/tlt_facedetectir", "nvidia/tlt_peoplenet",
            "nvidia/tlt_pretrained_classification", "nvidia/tlt_pretrained_detectnet_v2",
            "nvidia/tlt_pretrained_object_detection", "nvidia/tlt_trafficcamnet", "nvidia/tlt_vehiclemakenet",
            "nvidia/tlt_vehicletypenet",
        ])
    }

    @Test(arguments: [
        ("tlt_peoplenet", ["Person", "Bag", "Face"], [3, 544, 960], "resnet34_peoplenet.tlt"),
        ("tlt_trafficcamnet", ["car", "bicycle", "person", "road_sign"], [3, 544, 960], "resnet18_trafficcamnet.tlt"),
        ("tlt_dashcamnet", ["Car", "Bicycle", "Person", "Roadsign"], [3, 544, 960], "resnet18_dashcamnet.tlt"),
        ("tlt_facedetectir", ["face"], [3, 240, 384], "resnet18_facedetectir.tlt"),
        ("tlt_vehicletypenet", ["coupe", "largevehicle", "sedan", "suv", "truck", "van"], [3, 224, 224], "resnet18_vehicletypenet.tlt"),
    ])
    func purposeBuiltModelsHaveUnprunedAndPrunedVersions(name: String, classes: [String], dims: [Int], trainable: String) throws {
        let ref = ModelRef(org: "nvidia", name: name)
        let versions = try catalog.versions(of: ref)
        let unpruned = try #require(versions.first { $0.versionId.hasPrefix("unpruned_v") })
        let pruned = try #require(versions.first { $0.versionId.hasPrefix("pruned_v") })
        for version in [unpruned, pruned] {
            #expect(version.classes == classes)
            #expect(version.inputDims == dims)
            #expect(version.key == "tlt_encode")
            #expect(version.status == .uploadPending)
        }
        #expect(unpruned.artifacts == [trainable])
        #expect(pruned.artifacts?.contains("labels.txt") == true)
        #expect(pruned.artifacts?.contains { $0.hasSuffix("_pruned.etlt") } == true)
        #expect(pruned.artifacts?.contains { $0.hasSuffix("int8.txt") } == true)
    }

    @Test func vehicleMakeNetHasTwentyMakesInOrder() throws {
        let version = try #require(try catalog.version(ModelRef(org: "nvidia", name: "tlt_vehiclemakenet", version: "unpruned_v1.0")))
        #expect(version.classes?.count == 20)
        #expect(version.classes?.first == "acura")
        #expect(version.classes?.last == "volkswagen")
    }

    @Test func pretrainedBackbonesFollowNGCsFileNames() throws {
        let detectnet = try #require(try catalog.version(ModelRef(org: "nvidia", name: "tlt_pretrained_detectnet_v2", version: "resnet18")))
        #expect(detectnet.artifacts == ["resnet18.hdf5"])
        let classification = try #require(try catalog.version(ModelRef(org: "nvidia", name: "tlt_pretrained_classification", version: "resnet18")))
        // NGC's stem; zoo's recipe builds the backbone as an unencrypted safetensors model (docs/FORMATS.md).
        #expect(classification.artifacts == ["resnet_18.safetensors"])
        #expect(classification.recipe != nil)
        #expect(classification.accuracyReached == 76.74)
        #expect(classification.memoryFootprint == "89.0")
        let detection = try catalog.versions(of: ModelRef(org: "nvidia", name: "tlt_pretrained_object_detection"))
        #expect(detection.count == 19)
        #expect(try catalog.model(ModelRef(org: "nvidia", name: "tlt_pretrained_classification"))?.latestVersionIdStr == "vgg16")
    }

    @Test func everyVersionHasARecipeSlotAndItsLatestExists() throws {
        for model in try catalog.models() {
            let versions = try catalog.versions(of: model.ref)
            #expect(!versions.isEmpty, "\(model.repository) has no versions")
            #expect(versions.contains { $0.versionId == model.latestVersionIdStr }, "\(model.repository)'s latest is not one of its versions")
            for version in versions {
                let file = repositoryCatalog.appendingPathComponent(model.repository)
                    .appendingPathComponent("versions/\(version.versionId)/version.json")
                let object = try JSONDecoder().decode([String: JSONValue].self, from: Data(contentsOf: file))
                #expect(object.keys.contains("recipe"), "\(file.path) has no recipe slot")
                #expect(version.artifacts?.isEmpty == false, "\(file.path) lists no artifacts")
            }
            #expect(try catalog.model(model.ref)?.description?.contains("zoo registry build") == true)
        }
    }

    @Test func bodyPoseNetLivesInTheTaoTeam() throws {
        let model = try #require(try catalog.model(ModelRef(org: "nvidia", team: "tao", name: "bodyposenet")))
        #expect(model.teamName == "tao")
        let trainable = try #require(try catalog.version(model.ref.at("trainable_v1.0")))
        #expect(trainable.artifacts == ["model.tlt"])
        #expect(trainable.classes?.count == 18)
    }

    @Test func ngcJSONRoundTripsWithItsFieldNames() throws {
        let version = #"{"accuracyReached":76.74,"batchSize":1,"createdByUser":"iaka0m3mg9c91ltqg3a85obt9o","createdDate":"2020-04-29T20:26:17.872Z","description":"","gpuModel":"V100","memoryFootprint":"89.0","numberOfEpochs":80,"status":"UPLOAD_COMPLETE","totalFileCount":1,"totalSizeInBytes":93278448,"versionId":"resnet18"}"#
        let model = #"{"application":"Classification","description":"...","displayName":"TLT Image Classification","framework":"Transfer Learning Toolkit","isPublic":true,"labels":[{"key":"general","values":["..."]},{"key":"precision","values":["FP32"]}],"latestVersionIdStr":"mobilenet_v1","latestVersionSizeInBytes":27489360,"modelFormat":"TLT","name":"tlt_pretrained_classification","orgName":"nvidia","precision":"FP32","publisher":"NVIDIA","updatedDate":"2020-05-06T18:24:30.069Z"}"#
        let file = #"{"path":"resnet_18.hdf5","sizeInBytes":93278448,"sha256_base64":"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="}"#
        func roundTrips<T: Codable>(_ type: T.Type, _ text: String) throws {
            let decoded = try JSONDecoder().decode(type, from: Data(text.utf8))
            let again = try JSONDecoder().decode(JSONValue.self, from: RegistryJSON.encode(decoded))
            #expect(again == (try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))))
        }
        try roundTrips(RegistryVersion.self, version)
        try roundTrips(RegistryModel.self, model)
        try roundTrips(RegistryFile.self, file)
        let decoded = try JSONDecoder().decode(RegistryFile.self, from: Data(file.utf8))
        #expect(decoded.sha256 == SHA256Hasher.hash(Data()))
    }

    @Test func versionOrderIsNGCsSemverDescending() {
        let ids = ["resnet10", "vgg16", "resnet101", "resnet18", "mobilenet_v1", "vgg19"]
        let sorted = VersionOrder.semverDescending.sorted(ids.map { RegistryVersion(versionId: $0) }).map(\.versionId)
        #expect(sorted == ["vgg19", "vgg16", "resnet18", "resnet101", "resnet10", "mobilenet_v1"])
        let semver = VersionOrder.semverDescending.sorted(["1.2.0", "1.10.0", "1.9.3"].map { RegistryVersion(versionId: $0) })
        #expect(semver.map(\.versionId) == ["1.10.0", "1.9.3", "1.2.0"])
    }
}
