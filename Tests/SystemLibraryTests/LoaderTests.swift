import CLoader
import Glibc
import Testing

/// A library record as the C targets declare theirs (the loader keeps the name pointers, so they
/// are copied and live as long as the test process).
private func testLibrary(_ soname: String, package: String) -> zoo_library {
    zoo_library(soname: strdup(soname), package: strdup(package), handle: nil)
}

/// CLoader: libraries opened on first use end the process with a message naming the package to
/// install when they (or a function in them) are missing.
@Suite struct LoaderTests {
    @Test func aMissingLibraryNamesTheDebianPackageToInstall() async {
        let result = await #expect(processExitsWith: .exitCode(1), observing: [\.standardErrorContent]) {
            var library = testLibrary("libzoo-missing.so.9", package: "libzoo-missing9")
            _ = zoo_library_symbol(&library, "zoo_anything")
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.hasPrefix("Error: zoo could not load libzoo-missing.so.9 ("))
        #expect(message.contains("\nHint: install the Debian package libzoo-missing9 (make deps installs every library zoo needs)\n"))
    }

    @Test func aMissingFunctionNamesItsLibrary() async {
        let result = await #expect(processExitsWith: .exitCode(1), observing: [\.standardErrorContent]) {
            var library = testLibrary("libz.so.1", package: "zlib1g")
            _ = zoo_library_symbol(&library, "zoo_no_such_function")
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.hasPrefix("Error: zoo could not find zoo_no_such_function in libz.so.1 ("))
    }

    @Test func aPresentFunctionIsFoundOnceAndRemembered() {
        var library = testLibrary("libz.so.1", package: "zlib1g")
        var slot: UnsafeMutableRawPointer?
        let first = zoo_library_symbol_once(&library, "zlibVersion", &slot)
        #expect(first != nil && slot == first)
        #expect(library.handle != nil)
        #expect(zoo_library_symbol_once(&library, "zlibVersion", &slot) == first)
    }
}
