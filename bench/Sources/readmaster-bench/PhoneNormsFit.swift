import ReadmasterEngine

/// Per-phone GOP norms (`PhoneNorms`) from the words rated 10 in the given recordings;
/// a phone seen fewer than 20 times there takes the pooled norm.
func fitPhoneNorms(_ corpus: [Utterance], _ measured: [Measured], _ recordings: [Int]) -> PhoneNorms {
    var byPhone: [String: [Double]] = [:], all: [Double] = []
    for i in recordings where measured[i].phones.count == corpus[i].wordLabels.count {
        for (k, label) in corpus[i].wordLabels.enumerated() where label >= 10 {
            for p in measured[i].phones[k] ?? [] where p.gop.isFinite {
                byPhone[PhoneNorms.key(p.phone), default: []].append(p.gop)
                all.append(p.gop)
            }
        }
    }
    func norm(_ v: [Double]) -> [Double] {
        let m = v.reduce(0, +) / Double(max(v.count, 1))
        return [m, (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(max(v.count, 1))).squareRoot()]
    }
    return PhoneNorms(norms: byPhone.filter { $0.value.count >= 20 }.mapValues(norm), fallback: norm(all))
}

/// The measurements with every scored word's `phone_z_*` filled in from `norms`, as
/// `Grading` fills them in the engine.
func withPhoneZ(_ measured: [Measured], _ norms: PhoneNorms) -> [Measured] {
    let slots = PhoneNorms.featureNames.map(\.index)
    return measured.map { m in
        var m = m
        for k in m.words.indices where m.words[k] != nil && k < m.phones.count {
            let phones = m.phones[k] ?? []
            for (slot, z) in zip(slots, norms.wordFeatures(phones: phones.map(\.phone), gops: phones.map(\.gop))) { m.words[k]![slot] = z }
        }
        return m
    }
}
