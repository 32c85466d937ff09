import Foundation
import ReadmasterCore
import ReadmasterEngine

// `calibrate --cv`: every speaker held out once. The one fixed split (30 speakers,
// 200 recordings) moves by ±0.02–0.04 between engine variants that are equally good,
// too much to choose between them; four folds by speaker (fold 3 is the fixed split)
// score all 800 recordings, each with a model fitted without its speaker.

func crossValidate(corpus: [Utterance], measured: [Measured], folds: Int = 4) {
    let speakers = Array(Set(corpus.map(\.speaker))).sorted()
    let fold = Dictionary(uniqueKeysWithValues: speakers.enumerated().map { ($1, $0 % folds) })
    func row(_ i: Int) -> [Double] { featureRow(measured[i]) }
    let scales = ratedScales
    var predicted = [String: [Double]](uniqueKeysWithValues: scales.map { ($0.0, [Double](repeating: .nan, count: corpus.count)) })
    var wordPredicted: [Double] = [], wordModelAlone: [Double] = [], wordHuman: [Double] = [], unscored = 0
    for k in 0..<folds {
        FileHandle.standardError.write(Data("  cross-validation fold \(k + 1) of \(folds)\n".utf8))
        let train = corpus.indices.filter { fold[corpus[$0].speaker] != k }
        let test = corpus.indices.filter { fold[corpus[$0].speaker] == k }
        var rating = [Double](repeating: .nan, count: corpus.count)
        for (scale, score) in scales {
            let (model, _, oof) = fitBlend(names: Features.names, x: train.map(row), y: train.map { corpus[$0].labels[scale]! },
                                           groups: train.map { corpus[$0].speaker }, minLeaf: 15, shares: recordingShares)
            for i in test { predicted[scale]![i] = model.predict { Features.names.firstIndex(of: $0).map { row(i)[$0] } ?? .nan } }
            if score == "pronunciation" {
                stackRating(&rating, train: train, outOfFold: oof, test: test, predicted: test.map { predicted[scale]![$0] })
            }
        }
        let zMeasured = withPhoneZ(measured, fitPhoneNorms(corpus, measured, train))
        let words = wordTrainingSet(corpus, zMeasured, train, rating: rating)
        let (wordModel, _, _) = fitBlend(names: WordFeatures.names, x: words.x, y: words.y, groups: words.groups, minLeaf: 40)
        for i in test where measured[i].words.count == corpus[i].wordLabels.count {
            let (reported, model) = reportedWordScores(wordModel, zMeasured[i].words, rating: rating[i])
            for (j, label) in corpus[i].wordLabels.enumerated() {
                guard let score = reported[j] else { unscored += 1; continue }
                wordPredicted.append(score); wordModelAlone.append(model[j]!)
                wordHuman.append(label)
            }
        }
    }
    print("\n\(folds)-fold speaker cross-validation (each of \(speakers.count) speakers held out once, \(corpus.count) recordings)")
    print("Pearson r            engine   speaking-rate baseline")
    for (scale, score) in scales {
        let human = corpus.indices.map { corpus[$0].labels[scale]! }
        print(String(format: "%-10@ → %-13@ %6.3f   %6.3f", scale as NSString, score as NSString,
                     pearson(predicted[scale]!, human), pearson(corpus.indices.map { speakingRate(corpus[$0], measured[$0]) }, human)))
    }
    print(String(format: "%-10@ → %-13@ %6.3f   (as reported, over the %d words the engine scored; %d judged not read; the word model alone %.3f)",
                 "word" as NSString, "words[].score" as NSString, pearson(wordPredicted, wordHuman), wordHuman.count, unscored,
                 pearson(wordModelAlone, wordHuman)))
}
