/// Vocal tract length normalisation on the waveform. The acoustic model learned from
/// adult speech; a child's shorter vocal tract puts every formant higher, so the model
/// fits a child's correct vowel about as badly as an adult's wrong one, and the
/// pronunciation features measure the voice instead of the reading. A high voice is
/// therefore heard lowered: resampled so that its frequencies fall by 13 % (it also
/// plays 15 % longer; every time is scaled back). On so762, lowering the recordings with
/// a median pitch of 230 Hz or more (282 of 800, mostly children) raised the
/// pronunciation correlation on them from 0.55 to 0.65 and over all recordings from
/// 0.68 to 0.73 (4-fold speaker cross-validation); a lower voice is left as it is.
enum VoiceWarp {
    /// Median voiced pitch from which a voice is lowered.
    static let highPitchHz: Float = 230
    /// Frequencies (and speed) of a lowered voice, relative to the recording.
    static let lowering = 0.87

    /// How much the recogniser's audio is lowered for this voice: `lowering` or 1.
    static func factor(_ pitch: PitchTrack) -> Double {
        guard let median = pitch.medianHz(minimumFrames: 10) else { return 1 }
        return median >= highPitchHz ? lowering : 1
    }

    /// The audio the recogniser hears: the recording, or lowered by `factor` (played as
    /// if recorded at `factor` × 16 kHz and resampled back to 16 kHz).
    static func recognizerAudio(_ audio: Audio, factor: Double) throws -> Audio {
        guard factor != 1 else { return audio }
        let lowered = try AudioDecoder.resample(audio.samples, from: Int((Double(Audio.sampleRate) * factor).rounded()), path: "(voice lowering)")
        return Audio(samples: lowered, sourceSampleRate: audio.sourceSampleRate, sourceChannels: audio.sourceChannels,
                     clippedFraction: audio.clippedFraction)
    }
}
