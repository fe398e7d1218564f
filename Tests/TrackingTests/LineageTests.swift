import Foundation
import Testing
@testable import Tracking
import ZooCore

@Suite struct LineageTests {
    /// download → train → prune → retrain → export, linked only by file digests.
    @Test func lineageFollowsDigestsFromTheRegistryToTheExport() throws {
        let test = try TestStore()
        let store = test.store
        let pretrained = try test.folder.write("models/tlt_vehicletypenet_vunpruned_v1.0/resnet18_vehicletypenet.tlt", "pretrained weights")
        let (digest, size) = try SHA256Hasher.hash(file: pretrained)
        let delivery = try store.recordDelivery(source: "nvidia/tlt_vehicletypenet:unpruned_v1.0",
                                                files: [DeliveredFile(path: pretrained.path, size: size, sha256: digest)],
                                                at: Date(timeIntervalSince1970: 1_704_067_200), context: TestStore.context)
        #expect(try store.recordDelivery(source: "nvidia/tlt_vehicletypenet:unpruned_v1.0",
                                         files: [DeliveredFile(path: "/elsewhere/copy.tlt", size: size, sha256: digest)]) == delivery)

        // The training run reads a copy of the download from another folder: same digest.
        let copy = try test.folder.write("work/pretrained.tlt", "pretrained weights")
        func step(_ name: String, action: String, input: URL, output: String, content: String, start: Double) throws -> (Int64, URL) {
            let run = try store.startRun(TestStore.spec(name, action: action, start: start), options: TestStore.quiet)
            try run.logArtifact(input, role: .input)
            let written = try test.folder.write(output, content)
            try run.logArtifact(written, role: .output)
            try run.finish(.finished, at: Date(timeIntervalSince1970: 1_704_067_200 + start + 90))
            return (run.runID, written)
        }
        let (train, trained) = try step("unpruned", action: "train", input: copy, output: "runs/unpruned/model.tlt", content: "trained", start: 100)
        let (prune, pruned) = try step("pruned", action: "prune", input: trained, output: "runs/pruned/model.tlt", content: "pruned", start: 200)
        let (retrain, retrained) = try step("retrained", action: "train", input: pruned, output: "runs/retrained/model.tlt", content: "retrained", start: 300)
        let (export, _) = try step("deploy", action: "export", input: retrained, output: "deploy/model.etlt", content: "exported", start: 400)

        #expect(try store.run(train).parentRunID == delivery)
        #expect(try store.run(prune).parentRunID == train)
        #expect(try store.run(retrain).parentRunID == prune)
        #expect(try store.run(export).parentRunID == retrain)
        #expect(try store.detail(train).artifacts.first?.producerRunID == delivery)

        let tree = try store.lineage(of: export)
        #expect(tree.root.run.id == delivery)
        #expect(tree.root.run.source == "nvidia/tlt_vehicletypenet:unpruned_v1.0")
        #expect(try store.lineage(of: train).root.run.id == delivery)
        #expect(tree.rendered() == """
            #\(delivery) download nvidia/tlt_vehicletypenet:unpruned_v1.0  FINISHED  out: resnet18_vehicletypenet.tlt
            └── #\(train) train classification 'unpruned'  FINISHED  1m 30s  in: pretrained.tlt (#\(delivery))  out: model.tlt
                └── #\(prune) prune classification 'pruned'  FINISHED  1m 30s  in: model.tlt (#\(train))  out: model.tlt
                    └── #\(retrain) train classification 'retrained'  FINISHED  1m 30s  in: model.tlt (#\(prune))  out: model.tlt
                        └── #\(export) export classification 'deploy'  FINISHED  1m 30s  in: model.tlt (#\(retrain))  out: model.etlt   ◀

            """)
    }

    @Test func explicitParentsWinAndCyclesAreRefused() throws {
        let test = try TestStore()
        let store = test.store
        let a = try store.startRun(TestStore.spec("a"), options: TestStore.quiet)
        let x = try test.folder.write("x", "x")
        try a.logArtifact(x, role: .output)
        try a.flush()
        let b = try store.startRun(TestStore.spec("b", parent: a.runID), options: TestStore.quiet)
        let y = try test.folder.write("y", "y")
        try b.logArtifact(x, role: .input)
        try b.logArtifact(y, role: .output)
        try b.finish()
        // a reads y, which its own child wrote: that would be a cycle, so a keeps no parent.
        try a.logArtifact(y, role: .input)
        try a.logArtifact(x, role: .input)  // its own output: not a parent either
        try a.finish()
        #expect(try store.run(a.runID).parentRunID == nil)
        #expect(try store.run(b.runID).parentRunID == a.runID)

        // An explicit parent is kept even when an input names another producer.
        let c = try store.startRun(TestStore.spec("c", parent: a.runID), options: TestStore.quiet)
        try c.logArtifact(y, role: .input)
        try c.finish()
        #expect(try store.run(c.runID).parentRunID == a.runID)
        #expect(try store.detail(c.runID).artifacts.first?.producerRunID == b.runID)

        let tree = try store.lineage(of: c.runID)
        #expect(tree.root.run.id == a.runID)
        #expect(tree.root.children.map(\.run.id) == [b.runID, c.runID])
    }

    @Test func deletingARunKeepsItsChildren() throws {
        let test = try TestStore()
        let parent = try test.store.createRun(TestStore.spec("p"))
        let child = try test.store.createRun(TestStore.spec("c", parent: parent.id))
        try test.store.deleteRun(parent.id)
        #expect(try test.store.run(child.id).parentRunID == nil)
        #expect(throws: ZooError.self) { try test.store.createRun(TestStore.spec("orphan", parent: 999)) }
    }
}
