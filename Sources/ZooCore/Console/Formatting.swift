import Foundation

/// Sizes, dates, durations and rates printed the way NGC prints them.
public enum Format {
    private static let units = ["B", "KB", "MB", "GB", "TB", "PB"]

    /// 1024-based size with two decimals and trailing zeros dropped: `88.96 MB`, `16.9 MB`, `4 B`.
    public static func size(_ bytes: Int64) -> String {
        var value = Double(max(bytes, 0))
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return "\(decimal(value, places: 2)) \(units[unit])"
    }

    /// A transfer rate: `324.34 KB/s`.
    public static func rate(bytesPerSecond: Double) -> String {
        guard bytesPerSecond.isFinite, bytesPerSecond >= 0 else { return "-" }
        return size(Int64(bytesPerSecond.rounded())) + "/s"
    }

    /// `value` rounded to `places` decimals without trailing zeros: 88.96, 16.9, 4.
    public static func decimal(_ value: Double, places: Int) -> String {
        var text = String(format: "%.\(places)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// NGC's duration: `4m 29s`, `1h 2m 3s`; under a minute with two decimals: `0.42s`.
    public static func duration(seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "-" }
        if seconds < 60 { return decimal(seconds, places: 2) + "s" }
        let total = Int(seconds.rounded())
        let (h, m, s) = (total / 3600, total % 3600 / 60, total % 60)
        return h > 0 ? "\(h)h \(m)m \(s)s" : "\(m)m \(s)s"
    }

    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The list-view date NGC prints (`%b %d, %Y`): `Sep 24, 2020`.
    public static func listDate(_ date: Date) -> String {
        let c = UTCComponents(date)
        return "\(monthNames[c.month - 1]) \(pad(c.day, 2)), \(c.year)"
    }

    /// NGC's list-view date for an ISO timestamp (`2020-09-24T18:20:31.123Z`); the text itself if unparsable.
    public static func listDate(iso: String) -> String {
        parseISO(iso).map(listDate) ?? iso
    }

    /// An API timestamp: `2020-09-24T18:20:31.123Z` (UTC, milliseconds).
    public static func iso(_ date: Date) -> String {
        let c = UTCComponents(date)
        return "\(c.year)-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2)).\(pad(c.millisecond, 3))Z"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff…]Z` (or `+00:00`); nil when the text is not such a timestamp.
    public static func parseISO(_ text: String) -> Date? {
        let b = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var value = 0
            for i in from..<(from + count) {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                value = value * 10 + Int(b[i] - 48)
            }
            return value
        }
        guard b.count >= 19, let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var fraction = 0.0
        var i = 19
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 0.1
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                fraction += Double(b[i] - 48) * scale
                scale /= 10
                i += 1
            }
        }
        let days = daysFromCivil(year, month, day)
        let seconds = Double(days) * 86400 + Double(hour * 3600 + minute * 60 + second) + fraction
        return Date(timeIntervalSince1970: seconds)
    }

    /// A local wall-clock timestamp as NGC's download summary prints it: `2021-02-22 06:48:01.030555`.
    public static func localTimestamp(_ date: Date) -> String {
        var time = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        localtime_r(&time, &parts)
        let micros = min(Int(((date.timeIntervalSince1970 - Double(time)) * 1_000_000).rounded()), 999_999)
        return "\(Int(parts.tm_year) + 1900)-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2)) "
            + "\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2)).\(pad(micros, 6))"
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    struct UTCComponents {
        var year, month, day, hour, minute, second, millisecond: Int
        init(_ date: Date) {
            let t = date.timeIntervalSince1970
            let whole = Int(t.rounded(.down))
            millisecond = Int(((t - Double(whole)) * 1000).rounded(.down))
            let days = Int((Double(whole) / 86400).rounded(.down))
            let secs = whole - days * 86400
            (year, month, day) = Format.civilFromDays(days)
            hour = secs / 3600
            minute = secs % 3600 / 60
            second = secs % 60
        }
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
