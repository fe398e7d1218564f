import Foundation
@testable import Registry
import Testing
import ZooCore

/// `ModelListing`: the rows `list` prints from, read from the store index without building models.
@Suite struct ModelListingTests {
    static func model(_ repository: String, display: String? = nil) -> RegistryModel {
        let parts = repository.split(separator: "/").map(String.init)
        var model = parts.count == 3 ? RegistryModel(name: parts[2], orgName: parts[0], teamName: parts[1])
                                     : RegistryModel(name: parts[1], orgName: parts[0])
        model.displayName = display
        return model
    }

    @Test func everyIndexedFieldRoundTripsIncludingEscapesAndEmptyStrings() {
        var tricky = Self.model("acme/vision/classifier", display: "")  // present but empty
        tricky.shortDescription = "tabs\there, a newline\nand a backslash \\ too"
        tricky.labels = [RegistryLabel(key: "general", values: ["a,b", "c;d", "e=f", "g\\h"])]
        tricky.latestVersionSizeInBytes = 1_234_567
        tricky.isPublic = false
        tricky.canGuestDownload = true
        tricky.updatedDate = "2021-02-09T17:35:12.000Z"
        let plain = Self.model("acme/detector", display: "Detector")
        let listing = ModelListing([tricky, plain])
        #expect(listing.count == 2)
        #expect(listing.models() == [tricky, plain])
        #expect(listing.repositories == ["acme/vision/classifier", "acme/detector"])
        var seen: [(String?, Bool, Bool, [String])] = []
        listing.forEach { row in
            seen.append((row.text(.displayName), row.has(.application), row.field(.isPublic, is: "false"), row.generalLabels))
        }
        #expect(seen.map(\.0) == ["", "Detector"])
        #expect(seen.map(\.1) == [false, false])
        #expect(seen.map(\.2) == [true, false])
        #expect(seen[0].3 == ["a,b", "c;d", "e=f", "g\\h"])
    }

    @Test func filteringAndShadowing() throws {
        let stored = ModelListing([Self.model("acme/a"), Self.model("acme/c", display: "Stored C")])
        let catalog = ModelListing([Self.model("acme/b"), Self.model("acme/c", display: "Catalog C"), Self.model("other/x")])
        let merged = stored.shadowing(catalog)
        #expect(merged.repositories == ["acme/a", "acme/b", "acme/c", "other/x"])
        #expect(merged.models().first { $0.name == "c" }?.displayName == "Stored C")
        #expect(merged.filtered(try ModelPattern(parsing: "acme/*")).repositories == ["acme/a", "acme/b", "acme/c"])
        #expect(merged.filtered(.everything).count == 4)
        #expect(stored.shadowing(ModelListing([])).repositories == ["acme/a", "acme/c"])
        // Listings out of order (from a remote registry, say) are sorted, and still shadow.
        let unsorted = ModelListing([Self.model("b/z"), Self.model("a/y", display: "Mine")])
        let shadowed = unsorted.shadowing(ModelListing([Self.model("a/y", display: "Theirs"), Self.model("a/x")]))
        #expect(shadowed.repositories == ["a/x", "a/y", "b/z"])
        #expect(shadowed.models()[1].displayName == "Mine")
    }

    @Test func indexesFromOtherVersionsReadAndBrokenOnesAreRefused() {
        // Columns in another order, one this zoo does not know, one it has dropped: still read.
        let other = "zoo-index 1\tname\tfutureField\torgName\tapplication\n"
            + "detector\tsomething\tacme\tObject Detection\n\nclassifier\t\tacme\n"
        let listing = ModelListing(index: Array(other.utf8))
        #expect(listing?.repositories == ["acme/detector", "acme/classifier"])
        #expect(listing?.models().first?.application == "Object Detection")
        // Not an index, or a row without its org: nil (the store then rebuilds the index).
        #expect(ModelListing(index: Array("name\torgName\nx\ty\n".utf8)) == nil)
        #expect(ModelListing(index: Array("zoo-index 1\tname\torgName\nx\t\n".utf8)) == nil)
        #expect(ModelListing(index: Array("zoo-index 1\tname\n".utf8)) == nil)
        #expect(ModelListing(index: []) == nil)
    }
}
