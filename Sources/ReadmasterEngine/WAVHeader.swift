import Foundation

/// The one check libsndfile does not make: a WAV whose `data` chunk promises more bytes
/// than the file holds. libsndfile quietly shortens such a file to what is there, so a
/// recording cut off by a crash or a failed upload would be graded as if the child had
/// stopped reading. (A truncated FLAC already fails to decode.)
enum WAVHeader {
    /// Why the file is truncated, or nil when it is not a RIFF/WAVE file or is whole.
    static func truncation(path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd(), (try? handle.seek(toOffset: 0)) != nil,
              let head = try? handle.read(upToCount: 1 << 16), head.count >= 12 else { return nil }
        let bytes = [UInt8](head)
        func u32(_ at: Int) -> UInt64 {
            UInt64(bytes[at]) | UInt64(bytes[at + 1]) << 8 | UInt64(bytes[at + 2]) << 16 | UInt64(bytes[at + 3]) << 24
        }
        guard bytes[0..<4] == [0x52, 0x49, 0x46, 0x46][...], bytes[8..<12] == [0x57, 0x41, 0x56, 0x45][...] else { return nil }
        var at = 12
        while at + 8 <= bytes.count {
            let id = bytes[at..<at + 4]
            let length = u32(at + 4)
            if id == [0x64, 0x61, 0x74, 0x61][...] {
                // 0 and 0xFFFFFFFF are what streaming writers leave when they cannot go back
                // and fill the size in: the length is unknown, not wrong.
                guard length != 0, length != 0xFFFF_FFFF else { return nil }
                let available = size - UInt64(at + 8)
                guard length > available else { return nil }
                return "the header promises \(length) bytes of audio, the file holds \(available)"
            }
            at += 8 + Int(length) + Int(length & 1)
        }
        return nil
    }
}
