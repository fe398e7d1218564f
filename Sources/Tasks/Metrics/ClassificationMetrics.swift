import Foundation

/// Accuracy, top-k accuracy, the confusion matrix and scikit-learn's per-class report, computed
/// from class probabilities — what `classification evaluate` prints.
public struct ClassificationMetrics: Sendable {
    public let classNames: [String]
    /// confusion[true][predicted]
    public private(set) var confusion: [[Int]]
    private var topKHits: Int = 0
    public let k: Int
    public private(set) var count: Int = 0

    public init(classNames: [String], topK: Int = 1) {
        self.classNames = classNames
        self.k = max(1, min(topK, classNames.count))
        confusion = Array(repeating: Array(repeating: 0, count: classNames.count), count: classNames.count)
    }

    /// Adds one sample: its true class index and the model's scores for every class.
    public mutating func add(label: Int, scores: UnsafeBufferPointer<Float>) {
        precondition(scores.count == classNames.count && label >= 0 && label < classNames.count)
        var predicted = 0
        for i in 1..<scores.count where scores[i] > scores[predicted] { predicted = i }
        confusion[label][predicted] += 1
        // Top-k: the true class's score is beaten by fewer than k others (ties favour the lower index, as argsort does).
        let own = scores[label]
        var better = 0
        for i in 0..<scores.count where scores[i] > own || (scores[i] == own && i < label) { better += 1 }
        if better < k { topKHits += 1 }
        count += 1
    }

    /// Convenience for an array of scores.
    public mutating func add(label: Int, scores: [Float]) {
        scores.withUnsafeBufferPointer { add(label: label, scores: $0) }
    }

    public var accuracy: Double {
        count == 0 ? 0 : Double((0..<classNames.count).map { confusion[$0][$0] }.reduce(0, +)) / Double(count)
    }

    public var topKAccuracy: Double { count == 0 ? 0 : Double(topKHits) / Double(count) }

    /// Per-class precision, recall, F1 and support (0 where undefined, as scikit-learn's zero_division=0).
    public var perClass: [(name: String, precision: Double, recall: Double, f1: Double, support: Int)] {
        classNames.indices.map { c in
            let tp = Double(confusion[c][c])
            let predicted = Double(confusion.map { $0[c] }.reduce(0, +))
            let support = confusion[c].reduce(0, +)
            let precision = predicted > 0 ? tp / predicted : 0
            let recall = support > 0 ? tp / Double(support) : 0
            let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
            return (classNames[c], precision, recall, f1, support)
        }
    }

    /// The confusion matrix as NumPy prints an integer array: `[[5 0]\n [1 4]]`.
    public var confusionMatrixText: String {
        let width = confusion.flatMap { $0 }.map { String($0).count }.max() ?? 1
        let rows = confusion.map { row in "[" + row.map { pad(String($0), width) }.joined(separator: " ") + "]" }
        return "[" + rows.joined(separator: "\n ") + "]"
    }

    /// scikit-learn's `classification_report` text (digits = 2).
    public var reportText: String {
        let rows = perClass
        let width = max(classNames.map(\.count).max() ?? 0, "weighted avg".count)
        func cell(_ v: Double) -> String { pad(String(format: "%.2f", v), 9) }
        var text = pad("", width) + " " + ["precision", "recall", "f1-score", "support"].map { " " + pad($0, 9) }.joined() + "\n\n"
        for row in rows {
            text += pad(row.name, width) + " " + " " + cell(row.precision) + " " + cell(row.recall) + " " + cell(row.f1) + " " + pad(String(row.support), 9) + "\n"
        }
        text += "\n"
        let total = rows.map(\.support).reduce(0, +)
        text += pad("accuracy", width) + " " + " " + pad("", 9) + " " + pad("", 9) + " " + cell(accuracy) + " " + pad(String(total), 9) + "\n"
        let n = Double(max(rows.count, 1))
        let macro = (rows.map(\.precision).reduce(0, +) / n, rows.map(\.recall).reduce(0, +) / n, rows.map(\.f1).reduce(0, +) / n)
        text += pad("macro avg", width) + " " + " " + cell(macro.0) + " " + cell(macro.1) + " " + cell(macro.2) + " " + pad(String(total), 9) + "\n"
        let t = Double(max(total, 1))
        let weighted = (rows.map { $0.precision * Double($0.support) }.reduce(0, +) / t,
                        rows.map { $0.recall * Double($0.support) }.reduce(0, +) / t,
                        rows.map { $0.f1 * Double($0.support) }.reduce(0, +) / t)
        text += pad("weighted avg", width) + " " + " " + cell(weighted.0) + " " + cell(weighted.1) + " " + cell(weighted.2) + " " + pad(String(total), 9) + "\n"
        return text
    }

    private func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }
}
