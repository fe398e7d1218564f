import ArgumentParser
import Tasks
import Foundation
import Tracking
import ZooCore

extension RunsCommand {
    /// `zoo runs tag ID k=v…`.
    struct Tag: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "tag", abstract: "Set tags on a run (tags may change; params may not).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The run id.") var id: Int64
        @Argument(help: "One or more key=value tags.") var tags: [String]

        func run() throws {
            guard !tags.isEmpty else { throw ZooError.usage("Give at least one key=value tag.") }
            try global.openStore().setTags(id, TrackingOutput.keyValues(tags, what: "a tag"))
        }
    }

    /// `zoo runs delete ID…`.
    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete runs with their params, tags, metrics and artifact records (files stay).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The run ids.") var ids: [Int64]

        func run() throws {
            guard !ids.isEmpty else { throw ZooError.usage("Give at least one run id.") }
            let store = try global.openStore()
            for id in ids {
                try store.deleteRun(id)
                Terminal.write("Deleted run \(id).\n", to: .standardError)
            }
        }
    }
}
