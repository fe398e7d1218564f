import Foundation
import Testing
@testable import Tracking

@Suite struct LogEventTests {
    @Test func parsesEveryLineForm() throws {
        #expect(try LogEvent.parse(line: #"{"param":"lr","value":"0.01"}"#) == .param(key: "lr", value: "0.01"))
        #expect(try LogEvent.parse(line: #"{"param":"lr","value":0.010}"#) == .param(key: "lr", value: "0.010"))
        #expect(try LogEvent.parse(line: #"{"param":"model_config","value":{"arch":"resnet","n":18}}"#)
                == .params(["model_config.arch": "resnet", "model_config.n": "18"]))
        #expect(try LogEvent.parse(line: #"{"params":{"a":{"b":true}}}"#) == .params(["a.b": "true"]))
        #expect(try LogEvent.parse(line: #"{"metric":"loss","step":3,"value":0.41}"#)
                == .metric(key: "loss", value: 0.41, step: 3, timestamp: nil))
        #expect(try LogEvent.parse(line: #"  {"metric": "loss", "value": 1e-3, "timestamp": 1700000000000}  "#)
                == .metric(key: "loss", value: 0.001, step: nil, timestamp: Date(timeIntervalSince1970: 1_700_000_000)))
        #expect(try LogEvent.parse(line: #"{"metrics":{"loss":0.4,"acc":0.9},"step":7,"timestamp":"2024-01-01T00:00:00Z"}"#)
                == .metrics(["loss": 0.4, "acc": 0.9], step: 7, timestamp: Date(timeIntervalSince1970: 1_704_067_200)))
        #expect(try LogEvent.parse(line: #"{"tag":"stage","value":"dev"}"#) == .tag(key: "stage", value: "dev"))
        #expect(try LogEvent.parse(line: #"{"tags":{"stage":"dev"}}"#) == .tags(["stage": "dev"]))
        #expect(try LogEvent.parse(line: #"{"artifact":"w/model.tlt","role":"input","source":"nvidia/x:1"}"#)
                == .artifact(path: "w/model.tlt", role: .input, source: "nvidia/x:1"))
        #expect(try LogEvent.parse(line: #"{"artifact":"w/model.tlt"}"#) == .artifact(path: "w/model.tlt", role: .output, source: nil))
        #expect(try LogEvent.parse(line: "   ") == nil)
        #expect(try LogEvent.parse(line: "") == nil)
    }

    @Test func acceptsPythonsNaNAndInfinity() throws {
        guard case .metric(_, let value, _, _)? = try LogEvent.parse(line: #"{"metric":"loss","value":NaN}"#) else {
            Issue.record("not a metric")
            return
        }
        #expect(value.isNaN)
        #expect(try LogEvent.parse(line: #"{"metric":"x","value":-Infinity}"#) == .metric(key: "x", value: -.infinity, step: nil, timestamp: nil))
        #expect(try LogEvent.parse(line: #"{"metric":"x","value":"inf"}"#) == .metric(key: "x", value: .infinity, step: nil, timestamp: nil))
    }

    @Test(arguments: [
        (#"{"metric":"loss","step":3,"value":}"#, "not valid JSON (column 35"),
        (#"{"metric":"loss" "value":1}"#, "expected ',' or '}'"),
        (#"["metric"]"#, "expected a JSON object"),
        (#"{"metric":"loss","valeu":1}"#, "unknown field \"valeu\""),
        (#"{"metric":"loss"}"#, "needs \"value\""),
        (#"{"metric":"loss","value":"high"}"#, "\"value\" must be a number"),
        (#"{"metric":"loss","value":1,"step":1.5}"#, "\"step\" must be an integer"),
        (#"{"metric":"","value":1}"#, "non-empty string"),
        (#"{"metric":"a","param":"b","value":1}"#, "one line logs one thing"),
        (#"{"value":1}"#, "expected one of"),
        (#"{"artifact":"x","role":"both"}"#, "\"role\" must be"),
        (#"{"metrics":{}}"#, "non-empty object"),
        (#"{"metric":"a","value":1,"metric":"b"}"#, "appears twice"),
        (#"{"tag":"a","value":"b"} trailing"#, "unexpected text after"),
        (#"{"metric":"x","value":1,"timestamp":"yesterday"}"#, "\"timestamp\" must be"),
    ] as [(String, String)])
    func malformedLinesSayWhatIsWrong(_ line: String, _ expected: String) {
        let error = #expect(throws: LogLineError.self) { try LogEvent.parse(line: line) }
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
    }

    @Test func jsonParserHandlesEscapesAndLiterals() throws {
        #expect(try JSONParser.parse(#""a\"b\\c\/d\n\u00e9\ud83d\ude00""#) == .string("a\"b\\c/d\né😀"))
        #expect(try JSONParser.parse("[1, -2.5e3, true, false, null]")
                == .array([.number(1, text: "1"), .number(-2500, text: "-2.5e3"), .bool(true), .bool(false), .null]))
        #expect(try JSONParser.parse(#"{"b": 1, "a": 2}"#).jsonText == #"{"b": 1, "a": 2}"#)
        for bad in ["01", "1.", "-", "\"\\x\"", "\"\\ud800\"", "tru", "{\"a\" 1}", "[1,]", "\"a\u{01}\""] {
            #expect(throws: JSONSyntaxError.self, "\(bad)") { try JSONParser.parse(bad) }
        }
    }
}
