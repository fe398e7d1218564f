import Foundation
import Testing
@testable import ZooCore

@Suite struct FormattingTests {
    @Test(arguments: [
        (Int64(93_278_448), "88.96 MB"), (40_173_128, "38.31 MB"), (9_532_534, "9.09 MB"),
        (4, "4 B"), (0, "0 B"), (1023, "1023 B"), (1024, "1 KB"), (1536, "1.5 KB"),
        (308_490_000, "294.2 MB"), (1_073_741_824, "1 GB"), (17_720_934, "16.9 MB"),
    ])
    func ngcSizes(bytes: Int64, expected: String) {
        #expect(Format.size(bytes) == expected)
    }

    @Test func rates() {
        #expect(Format.rate(bytesPerSecond: 332_124) == "324.34 KB/s")
    }

    @Test func durations() {
        #expect(Format.duration(seconds: 269) == "4m 29s")
        #expect(Format.duration(seconds: 3723) == "1h 2m 3s")
        #expect(Format.duration(seconds: 0.421) == "0.42s")
        #expect(Format.duration(seconds: 12) == "12s")
    }

    @Test func listDates() throws {
        #expect(Format.listDate(iso: "2020-09-24T18:20:31.123Z") == "Sep 24, 2020")
        #expect(Format.listDate(iso: "2021-02-09T00:00:00.000Z") == "Feb 09, 2021")
        #expect(Format.listDate(iso: "1999-12-31T23:59:59Z") == "Dec 31, 1999")
        #expect(Format.listDate(iso: "garbage") == "garbage")
    }

    @Test func isoRoundTrip() throws {
        let date = try #require(Format.parseISO("2024-02-29T13:05:09.250Z"))
        #expect(Format.iso(date) == "2024-02-29T13:05:09.250Z")
        #expect(date.timeIntervalSince1970 == 1_709_211_909.25)
        #expect(Format.parseISO("2024-13-01T00:00:00Z") == nil)
    }

    @Test func localTimestampShape() {
        let text = Format.localTimestamp(Date(timeIntervalSince1970: 1_613_976_481.030555))
        #expect(text.count == 26)
        #expect(text.hasSuffix(".030555"))
    }
}

@Suite struct TableTests {
    let table = Table(columns: ["Name", "Repository", "Latest Version"], rows: [
        ["VehicleTypeNet", "nvidia/tlt_vehicletypenet", "unpruned_v1.0"],
        ["PeopleNet", "nvidia/tlt_peoplenet", "unpruned_v2.1"],
    ])

    @Test func asciiGrid() {
        #expect(table.ascii() == """
        +----------------+---------------------------+----------------+
        | Name           | Repository                | Latest Version |
        +----------------+---------------------------+----------------+
        | VehicleTypeNet | nvidia/tlt_vehicletypenet | unpruned_v1.0  |
        | PeopleNet      | nvidia/tlt_peoplenet      | unpruned_v2.1  |
        +----------------+---------------------------+----------------+

        """)
    }

    @Test func wrapsToWidthBreakingInsideWords() {
        let text = table.ascii(width: 50)
        for line in text.split(separator: "\n") { #expect(line.count <= 50) }
        #expect(text.contains("| VehicleTypeNe"))
        let lines = text.split(separator: "\n")
        #expect(lines.count > 7)  // some cells wrapped onto a second line
        #expect(lines.allSatisfy { $0.hasPrefix("+") || $0.hasPrefix("|") })
    }

    @Test func cellsWrittenPieceByPieceMatchRowsAndAreMeasuredInCharacters() {
        var built = Table(columns: ["Repository", "Note"])
        for (org, note) in [("acme", "café"), ("zoo", "two\nlines")] {
            built.write(org)
            built.write("/")
            Array("model".utf8).withUnsafeBufferPointer { built.write($0) }
            built.endCell()
            built.write(note)
            built.endCell()
        }
        #expect(built.rowCount == 2)
        #expect(built.rows == [["acme/model", "café"], ["zoo/model", "two\nlines"]])
        #expect(built.ascii() == Table(columns: built.columns, rows: built.rows).ascii())
        // "café" is four characters wide (five bytes); the line break folds to a space.
        #expect(built.ascii().contains("| acme/model | café      |\n"))
        #expect(built.ascii().contains("| zoo/model  | two lines |\n"))
        #expect(built.csv() == "Repository,Note\nacme/model,café\nzoo/model,\"two\nlines\"\n")
    }

    @Test func csvQuotesWhenNeeded() {
        let t = Table(columns: ["a", "b"], rows: [["x,y", "say \"hi\""], ["plain", ""]])
        #expect(t.csv() == "a,b\n\"x,y\",\"say \"\"hi\"\"\"\nplain,\n")
    }

    @Test func jsonKeepsColumnOrder() throws {
        let json = table.json()
        #expect(json.contains("{\"Name\": \"VehicleTypeNet\", \"Repository\": \"nvidia/tlt_vehicletypenet\", \"Latest Version\": \"unpruned_v1.0\"}"))
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: String]]
        #expect(parsed?.count == 2)
        #expect(Table(columns: ["a"]).json() == "[]\n")
    }

    @Test func jsonEscapes() {
        #expect(JSONText.quote("a\"b\\c\n\u{01}") == "\"a\\\"b\\\\c\\n\\u0001\"")
    }
}

@Suite struct ProgressBarTests {
    final class Frames: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [String] = []
        func add(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
    }

    @Test func silentWhenNotATerminal() {
        let frames = Frames()
        let bar = ProgressBar(label: "x", total: 100, enabled: false, sink: { frames.add($0) })
        bar.advance(by: 50)
        bar.advance(by: 50)
        bar.finish()
        #expect(frames.all.isEmpty)
    }

    @Test func defaultFollowsStderrTerminal() {
        // Under `swift test` stderr is not a terminal, so the default bar draws nothing.
        let bar = ProgressBar(label: "x", total: 10)
        #expect(bar.isEnabled == Terminal.isTerminal(.standardError))
    }

    @Test func drawsRateAndEtaOnTerminal() {
        let frames = Frames()
        final class Clock: @unchecked Sendable { var now = 0.0 }
        let clock = Clock()
        let bar = ProgressBar(label: "file", total: 4 << 20, enabled: true, width: 100,
                              sink: { frames.add($0) }, clock: { clock.now })
        clock.now = 1
        bar.advance(by: 1 << 20)
        clock.now = 1.05  // throttled: under 0.1 s since the last frame
        bar.advance(by: 1)
        clock.now = 2
        bar.advance(by: (1 << 20) - 1)
        bar.finish()
        let all = frames.all
        #expect(all.count == 3)
        #expect(all[0].contains(" 25% 1 MB/4 MB 1 MB/s ETA 3s"))
        #expect(all[1].contains(" 50% 2 MB/4 MB 1 MB/s ETA 2s"))
        #expect(all[2].hasSuffix("\n"))
        #expect(all.allSatisfy { $0.hasPrefix("\rfile [") })
    }
}
