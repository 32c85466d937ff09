import CSampleRate
import CSndfile
import Foundation

/// Reads any format the installed libsndfile decodes, mixes down to mono and resamples
/// to 16 kHz with libsamplerate.
public enum AudioDecoder {
    public static func decode(path: String) throws -> Audio {
        if let problem = AudioFileCheck.problem(path) { throw problem }
        guard FileManager.default.isReadableFile(atPath: path) else { throw EngineError.unreadable(path, reason: "permission denied") }
        var info = SF_INFO()
        guard let file = sf_open(path, Int32(SFM_READ), &info) else {
            let reason = String(cString: sf_strerror(nil))
            throw classifyOpenFailure(path: path, reason: reason)
        }
        defer { sf_close(file) }
        if let truncated = WAVHeader.truncation(path: path) { throw EngineError.corrupt(path, reason: truncated) }
        let channels = Int(info.channels)
        guard channels > 0, info.samplerate > 0 else { throw EngineError.corrupt(path, reason: "no channels or sample rate in the header") }
        // Scale floats so that integer formats map to [-1, 1].
        sf_command(file, Int32(SFC_SET_NORM_FLOAT), nil, Int32(SF_TRUE))

        var mono: [Float] = []
        if info.frames > 0, info.frames < Int64(Int32.max) { mono.reserveCapacity(Int(info.frames)) }
        let chunkFrames = 16_384
        var buffer = [Float](repeating: 0, count: chunkFrames * channels)
        var clipped = 0
        var total = 0
        while true {
            let n = Int(buffer.withUnsafeMutableBufferPointer { sf_readf_float(file, $0.baseAddress, sf_count_t(chunkFrames)) })
            if n <= 0 { break }
            for f in 0..<n {
                var sum: Float = 0
                for c in 0..<channels {
                    let v = buffer[f * channels + c]
                    if abs(v) >= 0.999 { clipped += 1 }
                    sum += v
                }
                mono.append(sum / Float(channels))
            }
            total += n * channels
        }
        let err = sf_error(file)
        if err != 0 {
            throw EngineError.corrupt(path, reason: String(cString: sf_strerror(file)))
        }
        if info.frames > 0, mono.count < Int(info.frames) * 9 / 10, mono.count < Int(info.frames) - Int(info.samplerate) / 10 {
            throw EngineError.corrupt(path, reason: "expected \(info.frames) frames, decoded \(mono.count)")
        }
        let resampled = try resample(mono, from: Int(info.samplerate), path: path)
        return Audio(samples: resampled, sourceSampleRate: Int(info.samplerate), sourceChannels: channels,
                     clippedFraction: total > 0 ? Double(clipped) / Double(total) : 0)
    }

    static func classifyOpenFailure(path: String, reason: String) -> EngineError {
        let lower = path.lowercased()
        for ext in [".m4a", ".aac", ".mp4", ".webm", ".wma", ".amr"] where lower.hasSuffix(ext) {
            return .unsupportedFormat(path, reason: "\(ext.dropFirst().uppercased()) is not supported by libsndfile")
        }
        if let head = FileManager.default.contents(atPath: path)?.prefix(16) {
            if head.isEmpty { return .corrupt(path, reason: "the file is empty") }
            let bytes = Array(head)
            if bytes.count >= 8, bytes[4...7] == [0x66, 0x74, 0x79, 0x70] { // "ftyp": MP4/M4A
                return .unsupportedFormat(path, reason: "MP4/AAC audio is not supported by libsndfile")
            }
            if bytes.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) {
                return .unsupportedFormat(path, reason: "WebM/Matroska audio is not supported by libsndfile")
            }
            if bytes.starts(with: Array("RIFF".utf8)) || bytes.starts(with: Array("fLaC".utf8)) || bytes.starts(with: Array("OggS".utf8)) {
                return .corrupt(path, reason: reason)
            }
        }
        return .unsupportedFormat(path, reason: reason)
    }

    /// Sinc-quality resampling to 16 kHz; a no-op at 16 kHz.
    static func resample(_ input: [Float], from rate: Int, path: String) throws -> [Float] {
        guard rate != Audio.sampleRate, !input.isEmpty else { return input }
        let ratio = Double(Audio.sampleRate) / Double(rate)
        var output = [Float](repeating: 0, count: Int(Double(input.count) * ratio) + 64)
        var generated = 0
        let rc: Int32 = input.withUnsafeBufferPointer { inp in
            output.withUnsafeMutableBufferPointer { out in
                var data = SRC_DATA()
                data.data_in = inp.baseAddress
                data.input_frames = Int(inp.count)
                data.data_out = out.baseAddress
                data.output_frames = Int(out.count)
                data.src_ratio = ratio
                let rc = src_simple(&data, Int32(SRC_SINC_MEDIUM_QUALITY), 1)
                if rc == 0 { generated = Int(data.output_frames_gen) }
                return rc
            }
        }
        guard rc == 0 else { throw EngineError.corrupt(path, reason: "resampling failed: \(String(cString: src_strerror(rc)))") }
        output.removeSubrange(min(generated, output.count)...)
        return output
    }
}
