import CPocketSphinx
import Foundation

/// Cepstral frames (`width` values each) from a decoder's front end.
struct Cepstra {
    let values: [Float]
    let frames: Int
    let width: Int
}

extension Decoder {
    /// Decodes cepstra from `cepstra(_:)`: the same segments as decoding that audio.
    func decode(_ cepstra: Cepstra) throws -> [Segment] {
        var values = cepstra.values
        return try values.withUnsafeMutableBufferPointer { buf in
            var rows: [UnsafeMutablePointer<Float>?] = (0..<max(cepstra.frames, 1)).map { buf.baseAddress! + $0 * cepstra.width }
            return try decode(feeding: { ps in ps_process_cep(ps, &rows, Int32(cepstra.frames), 0, 1) })
        }
    }

    /// The cepstra a decode of `pcm` computes first, by the same steps (a new stream, the
    /// frame count, then the frames and the padded tail), so that two searches over one
    /// stretch of audio compute them once.
    func cepstra(_ pcm: [Int16]) throws -> Cepstra {
        guard let fe = ps.flatMap(ps_get_fe) else { throw EngineError.recognizer("decoder is closed") }
        fe_start_stream(fe)
        var remaining = pcm.count
        var frames: Int32 = 0
        guard fe_start_utt(fe) >= 0, fe_process_frames(fe, nil, &remaining, nil, &frames, nil) >= 0, fe_start_utt(fe) >= 0 else {
            throw EngineError.recognizer("processing audio failed")
        }
        let width = Int(fe_get_output_size(fe))
        var values = [Float](repeating: 0, count: (Int(frames) + 1) * width)
        let ok = values.withUnsafeMutableBufferPointer { buf in
            var rows: [UnsafeMutablePointer<Float>?] = (0...Int(frames)).map { buf.baseAddress! + $0 * width }
            return pcm.withUnsafeBufferPointer { samples in
                var next = samples.baseAddress
                guard fe_process_frames(fe, &next, &remaining, &rows, &frames, nil) >= 0 else { return false }
                var tail: Int32 = 0
                guard fe_end_utt(fe, rows[Int(frames)], &tail) >= 0 else { return false }
                frames += tail
                return true
            }
        }
        guard ok else { throw EngineError.recognizer("processing audio failed") }
        return Cepstra(values: values, frames: Int(frames), width: width)
    }
}
