import Foundation
import GRDB
import ZooCore

/// One run in a lineage tree, with the files it read and wrote and the runs made from it.
public struct LineageNode: Sendable, Equatable, Codable {
    /// The run.
    public var run: RunRecord
    /// The files it read (each with the run that produced it, when known).
    public var inputs: [ArtifactRecord]
    /// The files it wrote.
    public var outputs: [ArtifactRecord]
    /// The runs whose parent it is.
    public var children: [LineageNode]
}

/// The lineage of a run: its oldest ancestor and everything descending from it
/// (registry download → train → prune → retrain → export).
public struct LineageTree: Sendable, Equatable, Codable {
    /// The oldest ancestor.
    public var root: LineageNode
    /// The run that was asked about.
    public var focus: Int64
    /// True when the tree was cut at `Lineage.maximumNodes` runs.
    public var truncated: Bool
}

enum Lineage {
    /// Trees stop growing past this many runs (a popular download may have many descendants).
    static let maximumNodes = 1000

    /// True when `candidate` is `ancestor` or descends from it through parent links.
    static func descends(_ db: Database, _ candidate: Int64, from ancestor: Int64) throws -> Bool {
        var current: Int64? = candidate
        var seen: Set<Int64> = []
        while let id = current, seen.insert(id).inserted {
            if id == ancestor { return true }
            current = try Int64.fetchOne(db, sql: "SELECT parent_run_id FROM runs WHERE id = ?", arguments: [id])
        }
        return false
    }
}

extension TrackingStore {
    /// The lineage tree that holds run `id`.
    public func lineage(of id: Int64) throws -> LineageTree {
        try read { db in
            _ = try Self.fetchRun(db, id)
            var root = id
            var seen: Set<Int64> = [id]
            while let parent = try Int64.fetchOne(db, sql: "SELECT parent_run_id FROM runs WHERE id = ?", arguments: [root]),
                  seen.insert(parent).inserted {
                root = parent
            }
            var budget = Lineage.maximumNodes
            let node = try Self.lineageNode(db, root, budget: &budget)
            return LineageTree(root: node, focus: id, truncated: budget < 0)
        }
    }

    private static func lineageNode(_ db: Database, _ id: Int64, budget: inout Int) throws -> LineageNode {
        budget -= 1
        let artifacts = try Self.artifacts(db, runID: id)
        var children: [LineageNode] = []
        for child in try Int64.fetchAll(db, sql: "SELECT id FROM runs WHERE parent_run_id = ? ORDER BY id", arguments: [id]) {
            guard budget > 0 else { budget = -1; break }
            children.append(try lineageNode(db, child, budget: &budget))
        }
        return LineageNode(run: try fetchRun(db, id), inputs: artifacts.filter { $0.role == .input },
                           outputs: artifacts.filter { $0.role == .output }, children: children)
    }
}

extension LineageTree {
    /// The tree drawn with box characters, one run per line, the asked-about run marked.
    ///
    /// ```
    /// #1 download nvidia/tlt_vehicletypenet:unpruned_v1.0  FINISHED  out: resnet18.tlt
    /// └── #2 train classification  FINISHED  1m 4s  in: resnet18.tlt (#1)  out: model.tlt
    ///     └── #3 prune classification  FINISHED  2.5s  in: model.tlt (#2)  out: pruned.tlt   ◀
    /// ```
    public func rendered(now: Date = Date()) -> String {
        var lines: [String] = []
        func visit(_ node: LineageNode, prefix: String, connector: String) {
            lines.append(prefix + connector + describe(node, now: now) + (node.run.id == focus ? "   ◀" : ""))
            let childPrefix = prefix + (connector == "└── " ? "    " : connector == "├── " ? "│   " : "")
            for (index, child) in node.children.enumerated() {
                visit(child, prefix: childPrefix, connector: index == node.children.count - 1 ? "└── " : "├── ")
            }
        }
        visit(root, prefix: "", connector: "")
        if truncated { lines.append("… (only the first \(Lineage.maximumNodes) runs are shown)") }
        return lines.joined(separator: "\n") + "\n"
    }

    private func describe(_ node: LineageNode, now: Date) -> String {
        let run = node.run
        var parts = ["#\(run.id)"]
        if let source = run.source {
            parts.append((run.action ?? "download") + " " + source)
        } else {
            parts.append([run.action, run.plugin ?? run.task].compactMap { $0 }.joined(separator: " "))
            if run.name != [run.plugin ?? run.task, run.action].compactMap({ $0 }).joined(separator: "-") {
                parts.append("'\(run.name)'")
            }
        }
        var line = parts.filter { !$0.isEmpty }.joined(separator: " ") + "  " + run.status.rawValue
        if run.source == nil { line += "  " + Format.duration(seconds: run.duration(now: now)) }
        if !node.inputs.isEmpty {
            line += "  in: " + node.inputs.map { input in
                (input.path as NSString).lastPathComponent + (input.producerRunID.map { " (#\($0))" } ?? "")
            }.joined(separator: ", ")
        }
        if !node.outputs.isEmpty {
            line += "  out: " + node.outputs.map { ($0.path as NSString).lastPathComponent }.joined(separator: ", ")
        }
        return line
    }
}
