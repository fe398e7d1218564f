/// k-means clustering (k-means++ seeding, Lloyd iterations) of points with any number of features.
public struct KMeans: Sendable {
    public let centroids: [[Double]]
    /// The cluster of each input point.
    public let assignments: [Int]

    /// Clusters `points` into at most `k` groups (fewer when there are fewer distinct points).
    public init(points: [[Double]], k: Int, random: inout SeededRandom, iterations: Int = 100) {
        precondition(k > 0, "k must be positive")
        guard !points.isEmpty else { centroids = []; assignments = []; return }
        func distance(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
        var centroids = [points[random.index(points.count)]]
        var nearest = points.map { distance($0, centroids[0]) }
        while centroids.count < min(k, points.count) {
            let total = nearest.reduce(0, +)
            guard total > 0 else { break }
            var target = random.unit() * total, chosen = points.count - 1
            for (i, d) in nearest.enumerated() {
                target -= d
                if target < 0 { chosen = i; break }
            }
            centroids.append(points[chosen])
            for i in points.indices { nearest[i] = min(nearest[i], distance(points[i], points[chosen])) }
        }
        var assignments = [Int](repeating: 0, count: points.count)
        for iteration in 0..<iterations {
            var changed = false
            for (i, p) in points.enumerated() {
                let best = centroids.indices.min { distance(p, centroids[$0]) < distance(p, centroids[$1]) }!
                if best != assignments[i] || iteration == 0 { changed = changed || best != assignments[i]; assignments[i] = best }
            }
            var sums = [[Double]](repeating: [Double](repeating: 0, count: points[0].count), count: centroids.count)
            var counts = [Int](repeating: 0, count: centroids.count)
            for (p, c) in zip(points, assignments) {
                counts[c] += 1
                for j in p.indices { sums[c][j] += p[j] }
            }
            for c in centroids.indices where counts[c] > 0 { centroids[c] = sums[c].map { $0 / Double(counts[c]) } }
            if !changed && iteration > 0 { break }
        }
        self.centroids = centroids
        self.assignments = assignments
    }
}
