/// How list and show commands print: NGC's `--format_type ascii|csv|json`.
public enum OutputFormat: String, CaseIterable, Sendable {
    case ascii
    case csv
    case json
}
