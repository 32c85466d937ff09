// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "readmaster",
    products: [
        .executable(name: "readmaster", targets: ["readmaster"]),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // No pkgConfig and no link: libpq is opened at run time (Sources/CPostgres/shim.h).
        .systemLibrary(name: "CPostgres", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(name: "CSndfile", pkgConfig: "sndfile", providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(name: "CSampleRate", pkgConfig: "samplerate", providers: [.apt(["libsamplerate0-dev"])]),
        // No pkgConfig: its flags add libsphinxad (see Sources/CPocketSphinx/shim.h).
        .systemLibrary(name: "CPocketSphinx", providers: [.apt(["libpocketsphinx-dev", "libsphinxbase-dev"])]),
        .systemLibrary(name: "CFlite", providers: [.apt(["flite1-dev"])]),
        // Not in Debian: scripts/install-whisper.sh builds it and installs whisper.pc.
        .systemLibrary(name: "CWhisper", pkgConfig: "whisper"),

        .target(name: "ReadmasterCore"),
        .target(name: "ReadmasterStore", dependencies: ["ReadmasterCore", "CSQLite", "CPostgres", "CSodium"]),
        .target(name: "ReadmasterEngine", dependencies: ["ReadmasterCore", "CSndfile", "CSampleRate", "CPocketSphinx", "CFlite", "CWhisper"]),
        .target(name: "ReadmasterCLI", dependencies: ["ReadmasterCore", "ReadmasterStore", "ReadmasterEngine"]),
        .executableTarget(name: "readmaster", dependencies: ["ReadmasterCLI"]),
        .executableTarget(name: "readmaster-bench", dependencies: ["ReadmasterCore", "ReadmasterStore", "ReadmasterEngine"], path: "bench/Sources/readmaster-bench"),

        .target(name: "ReadmasterTestSupport", dependencies: ["ReadmasterStore", "CSndfile", "CSampleRate"], path: "Tests/ReadmasterTestSupport"),
        .testTarget(name: "ReadmasterCoreTests", dependencies: ["ReadmasterCore"]),
        .testTarget(name: "ReadmasterStoreTests", dependencies: ["ReadmasterStore", "ReadmasterCore", "ReadmasterTestSupport"]),
        .testTarget(name: "ReadmasterEngineTests", dependencies: ["ReadmasterEngine", "ReadmasterCore", "ReadmasterTestSupport"]),
        .testTarget(name: "ReadmasterCLITests", dependencies: ["ReadmasterCLI", "ReadmasterCore", "ReadmasterStore", "ReadmasterTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
