import CSampleRate
import CSndfile
import Foundation

/// Real audio for engine tests, made on the spot: passages spoken by flite's voices
/// (a real synthesiser, deterministic for the same text and voice), converted with
/// libsndfile and libsamplerate into the formats and damage the tests need. Files are
/// cached per process under one temporary folder.
public enum AudioFixtures {
    public static let folder: URL = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("readmaster-fixtures-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }()

    private static let lock = NSLock()

    /// The test passage (171 words, grade 3).
    public static let passage = """
        Maya lived in a small house at the edge of the woods. Every morning she walked to the creek with her dog, \
        Pepper. The water was cold and clear, and little fish darted between the stones. One day Pepper found a \
        wooden box stuck in the mud. Maya pulled it out and wiped it clean. Inside the box was an old map drawn on \
        yellow paper. The map showed the creek, the big oak tree, and a red X near the hill. "Do you think it is a \
        treasure map?" Maya asked. Pepper wagged his tail. They followed the creek past the oak tree and climbed the \
        hill. At the top, they found a flat rock with a circle carved into it. Maya lifted the rock slowly. Underneath \
        was a tin can full of marbles, buttons, and a note. The note said, "This treasure belongs to whoever finds it. \
        Take good care of it." Maya smiled and put the can in her backpack. It was the best day of the summer.
        """

    /// Speaks `text` with a flite voice (slt and kal16 at 16 kHz, kal at 8 kHz) into a WAV.
    /// `settings` are flite feature settings, e.g. `int_f0_target_stddev=0` for a monotone.
    public static func speak(_ text: String, voice: String = "slt", settings: [String] = [], name: String) throws -> URL {
        lock.lock()
        defer { lock.unlock() }
        let out = folder.appendingPathComponent("\(name).wav")
        if FileManager.default.fileExists(atPath: out.path) { return out }
        let textFile = folder.appendingPathComponent("\(name).txt")
        try text.write(to: textFile, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/flite")
        p.arguments = ["-voice", voice] + settings.flatMap { ["--setf", $0] } + ["-f", textFile.path, "-o", out.path]
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw FixtureError("flite failed for \(name)") }
        return out
    }

    public struct FixtureError: Error, CustomStringConvertible {
        public let description: String
        public init(_ d: String) { description = d }
    }

    /// Mono float samples and rate of an audio file.
    public static func read(_ url: URL) throws -> (samples: [Float], rate: Int) {
        var info = SF_INFO()
        guard let f = sf_open(url.path, Int32(SFM_READ), &info) else { throw FixtureError("cannot open \(url.path)") }
        defer { sf_close(f) }
        var buf = [Float](repeating: 0, count: Int(info.frames) * Int(info.channels))
        _ = buf.withUnsafeMutableBufferPointer { sf_readf_float(f, $0.baseAddress, info.frames) }
        let ch = Int(info.channels)
        let mono = stride(from: 0, to: buf.count, by: ch).map { i in buf[i..<(i + ch)].reduce(0, +) / Float(ch) }
        return (mono, Int(info.samplerate))
    }

    /// Writes samples (interleaved when channels > 1) in a libsndfile format.
    public static func write(_ samples: [Float], rate: Int, channels: Int = 1, format: Int, to url: URL) throws {
        var info = SF_INFO()
        info.samplerate = Int32(rate)
        info.channels = Int32(channels)
        info.format = Int32(format)
        guard let f = sf_open(url.path, Int32(SFM_WRITE), &info) else {
            throw FixtureError("cannot write \(url.lastPathComponent): \(String(cString: sf_strerror(nil)))")
        }
        // Encoders such as Vorbis and MP3 fail on very large single writes: write in chunks.
        var offset = 0
        let chunk = 8192 * channels
        while offset < samples.count {
            let end = min(samples.count, offset + chunk)
            let frames = (end - offset) / channels
            _ = samples[offset..<end].withUnsafeBufferPointer { sf_writef_float(f, $0.baseAddress, sf_count_t(frames)) }
            offset = end
        }
        sf_close(f)
    }

    public static func resample(_ samples: [Float], from: Int, to: Int) -> [Float] {
        let ratio = Double(to) / Double(from)
        var out = [Float](repeating: 0, count: Int(Double(samples.count) * ratio) + 64)
        var generated = 0
        samples.withUnsafeBufferPointer { inp in
            out.withUnsafeMutableBufferPointer { o in
                var d = SRC_DATA()
                d.data_in = inp.baseAddress
                d.input_frames = inp.count
                d.data_out = o.baseAddress
                d.output_frames = o.count
                d.src_ratio = ratio
                if src_simple(&d, Int32(SRC_SINC_FASTEST), 1) == 0 { generated = Int(d.output_frames_gen) }
            }
        }
        return Array(out.prefix(generated))
    }

    public static let flac = Int(SF_FORMAT_FLAC | SF_FORMAT_PCM_16)
    public static let wav16 = Int(SF_FORMAT_WAV | SF_FORMAT_PCM_16)
    public static let mp3 = Int(SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III)
    public static let oggVorbis = Int(SF_FORMAT_OGG | SF_FORMAT_VORBIS)
    public static let opus = Int(SF_FORMAT_OGG | SF_FORMAT_OPUS)

    /// A file in the fixture folder.
    public static func path(_ name: String) -> URL { folder.appendingPathComponent(name) }
}
