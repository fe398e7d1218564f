import Testing
@testable import ZooCore

@Suite struct ModelRefTests {
    @Test func parsesOrgNameVersion() throws {
        let ref = try ModelRef(parsing: "nvidia/tlt_peoplenet:unpruned_v2.1")
        #expect(ref.org == "nvidia")
        #expect(ref.team == nil)
        #expect(ref.name == "tlt_peoplenet")
        #expect(ref.version == "unpruned_v2.1")
        #expect(ref.repository == "nvidia/tlt_peoplenet")
        #expect(ref.description == "nvidia/tlt_peoplenet:unpruned_v2.1")
        #expect(ref.downloadFolderName == "tlt_peoplenet_vunpruned_v2.1")
    }

    @Test func parsesTeam() throws {
        let ref = try ModelRef(parsing: "nvidia/tao/bodyposenet:trainable_v1.0")
        #expect(ref.org == "nvidia")
        #expect(ref.team == "tao")
        #expect(ref.name == "bodyposenet")
        #expect(ref.repository == "nvidia/tao/bodyposenet")
        #expect(ref.downloadFolderName == "bodyposenet_vtrainable_v1.0")
    }

    @Test func modelWithoutVersion() throws {
        let ref = try ModelRef(parsing: "nvidia/tlt_pretrained_detectnet_v2")
        #expect(ref.version == nil)
        #expect(ref.downloadFolderName == nil)
        #expect(ref.at("resnet18").description == "nvidia/tlt_pretrained_detectnet_v2:resnet18")
    }

    @Test func defaultOrgFillsBareName() throws {
        let ref = try ModelRef(parsing: "tlt_peoplenet:pruned_v2.0", defaultOrg: "nvidia")
        #expect(ref.repository == "nvidia/tlt_peoplenet")
    }

    @Test func missingOrgMessage() {
        #expect(throws: ZooError.usage(
            "Invalid target: 'tlt_peoplenet', no `org` specified. Format: [org/[team/]]name[:version].",
            hint: "prefix the org (e.g. nvidia/tlt_peoplenet) or set ZOO_ORG")) {
            try ModelRef(parsing: "tlt_peoplenet")
        }
    }

    @Test func wildcardNotSupportedMessage() {
        let error = #expect(throws: ZooError.self) { try ModelRef(parsing: "nvidia/tlt_*") }
        #expect(error?.message == "Invalid target: 'nvidia/tlt_*', pattern matching not supported with this verb.")
        #expect(error?.exitCode == ZooError.Code.usage)
        #expect(error?.hint != nil)
    }

    @Test(arguments: ["", "a/b/c/d", "nvidia//x", "/x", "nvidia/x:", "nvidia/x:a:b", "nvidia/"])
    func malformedTargetMessage(target: String) {
        let error = #expect(throws: ZooError.self) { try ModelRef(parsing: target) }
        #expect(error?.message == "Invalid target: '\(target)'. Format: [org/[team/]]name[:version].")
    }

    @Test func badCharactersMessage() {
        let error = #expect(throws: ZooError.self) { try ModelRef(parsing: "nvidia/peo ple") }
        #expect(error?.message == "Invalid target: 'nvidia/peo ple': 'peo ple' contains characters a name cannot have.")
    }
}

@Suite struct ModelPatternTests {
    @Test func modelPatternMatchesWholeRepository() throws {
        let p = try ModelPattern(parsing: "nvidia/tlt_*")
        #expect(!p.listsVersions)
        #expect(p.matches(repository: "nvidia/tlt_peoplenet"))
        #expect(p.matches(repository: "nvidia/tlt_pretrained_detectnet_v2"))
        #expect(!p.matches(repository: "nvidia/tao/bodyposenet"))
        #expect(!p.matches(repository: "nvidia/tao/tlt_x"))
        #expect(!p.matches(repository: "other/tlt_peoplenet"))
    }

    @Test func starDoesNotCrossTeams() throws {
        let org = try ModelPattern(parsing: "nvidia/*")
        #expect(org.matches(repository: "nvidia/tlt_peoplenet"))
        #expect(!org.matches(repository: "nvidia/tao/bodyposenet"))
        let team = try ModelPattern(parsing: "nvidia/tao/*")
        #expect(team.matches(repository: "nvidia/tao/bodyposenet"))
        #expect(!team.matches(repository: "nvidia/tlt_peoplenet"))
    }

    @Test func questionMark() throws {
        let p = try ModelPattern(parsing: "nvidia/tlt_?ashcamnet")
        #expect(p.matches(repository: "nvidia/tlt_dashcamnet"))
        #expect(!p.matches(repository: "nvidia/tlt_ddashcamnet"))
    }

    @Test func versionPattern() throws {
        let p = try ModelPattern(parsing: "nvidia/tlt_peoplenet:pruned_*")
        #expect(p.listsVersions)
        #expect(p.modelRef == ModelRef(org: "nvidia", name: "tlt_peoplenet"))
        #expect(p.matches(version: "pruned_v2.0"))
        #expect(!p.matches(version: "unpruned_v2.1"))
        let all = try ModelPattern(parsing: "nvidia/tao/bodyposenet:*")
        #expect(all.modelRef == ModelRef(org: "nvidia", team: "tao", name: "bodyposenet"))
        #expect(all.matches(version: "trainable_v1.0"))
    }

    @Test func exactNameIsAPattern() throws {
        let p = try ModelPattern(parsing: "nvidia/tlt_peoplenet")
        #expect(p.matches(repository: "nvidia/tlt_peoplenet"))
        #expect(!p.matches(repository: "nvidia/tlt_peoplenet2"))
    }

    @Test func bothSidesMessage() {
        let error = #expect(throws: ZooError.self) { try ModelPattern(parsing: "nvidia/tlt_*:pruned_*") }
        #expect(error?.message == "Invalid target: 'nvidia/tlt_*:pruned_*', pattern matching is not allowed on both model and version at the same time.")
    }

    @Test func everythingMatchesAll() {
        #expect(ModelPattern.everything.matches(repository: "nvidia/tao/bodyposenet"))
        #expect(ModelPattern.everything.matches(repository: "acme/x"))
    }
}

@Suite struct GlobTests {
    @Test(arguments: [
        ("*.txt", "labels.txt", true), ("*.txt", "sub/labels.txt", true), ("*.etlt", "labels.txt", false),
        ("resnet?8*", "resnet18_peoplenet.tlt", true), ("[abc]*", "b.x", true), ("[!abc]*", "b.x", false),
        ("[a-c]x", "bx", true), ("[a-c]x", "dx", false), ("[", "[", true), ("a*b*c", "aXbYc", true),
        ("a*b*c", "aXbY", false), ("", "", true), ("*", "", true), ("**a", "ba", true),
    ])
    func fnmatchSemantics(pattern: String, text: String, expected: Bool) {
        #expect(Glob(pattern).matches(text) == expected)
    }

    @Test func separatorMode() {
        #expect(!Glob("a/*", slashIsSeparator: true).matches("a/b/c"))
        #expect(Glob("a/*/c", slashIsSeparator: true).matches("a/b/c"))
        #expect(!Glob("a?b", slashIsSeparator: true).matches("a/b"))
        #expect(Glob("a/*", slashIsSeparator: false).matches("a/b/c"))
    }

    @Test func pathologicalPatternIsFast() {
        let text = String(repeating: "a", count: 5000)
        #expect(!Glob(String(repeating: "a*", count: 50) + "b").matches(text))
    }
}
