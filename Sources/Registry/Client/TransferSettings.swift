import Foundation
import ZooCore

/// How transfers behave: retries, parallelism, backoff and timeouts. The defaults follow NGC's
/// CLI; each can be changed with an environment variable (NGC's names with a `ZOO_` prefix).
public struct TransferSettings: Sendable, Equatable {
    /// Failed attempts allowed per file before giving up (`ZOO_DOWNLOAD_RETRIES`, default 5).
    /// An attempt that moved the file forward does not count.
    public var retries: Int
    /// Files transferred at once (`ZOO_MAX_CONCURRENCY`, default `min(max(cpus×2, 4), 20)`).
    public var concurrency: Int
    /// First retry delay in seconds, doubled per failure with full jitter (`ZOO_DOWNLOAD_BACKOFF`, default 0.5).
    public var backoff: Double
    /// Longest retry delay in seconds.
    public var maxBackoff: Double
    /// Seconds without a byte before a transfer counts as stalled (`ZOO_TRANSFER_TIMEOUT`, default 30).
    public var stallTimeout: Double
    /// Seconds to establish a connection.
    public var connectTimeout: Double

    public init(retries: Int = 5, concurrency: Int = TransferSettings.defaultConcurrency, backoff: Double = 0.5,
                maxBackoff: Double = 30, stallTimeout: Double = 30, connectTimeout: Double = 30) {
        self.retries = retries
        self.concurrency = concurrency
        self.backoff = backoff
        self.maxBackoff = maxBackoff
        self.stallTimeout = stallTimeout
        self.connectTimeout = connectTimeout
    }

    /// NGC's default worker count.
    public static var defaultConcurrency: Int {
        min(max(ProcessInfo.processInfo.activeProcessorCount * 2, 4), 20)
    }

    /// The defaults with any `ZOO_*` overrides from the environment.
    public static func fromEnvironment() -> TransferSettings {
        var settings = TransferSettings()
        if let value = Environment.value("ZOO_DOWNLOAD_RETRIES").flatMap(Int.init), value >= 0 { settings.retries = value }
        if let value = Environment.value("ZOO_MAX_CONCURRENCY").flatMap(Int.init), value > 0 { settings.concurrency = value }
        if let value = Environment.value("ZOO_DOWNLOAD_BACKOFF").flatMap(Double.init), value >= 0 { settings.backoff = value }
        if let value = Environment.value("ZOO_TRANSFER_TIMEOUT").flatMap(Double.init), value > 0 {
            settings.stallTimeout = value
            settings.connectTimeout = value
        }
        return settings
    }

    /// The pause before retry number `failures` (1-based): exponential with full jitter.
    public func delay(afterFailures failures: Int) -> Double {
        let ceiling = min(maxBackoff, backoff * pow(2, Double(max(failures - 1, 0))))
        return ceiling <= 0 ? 0 : Double.random(in: (ceiling / 2)...ceiling)
    }
}
