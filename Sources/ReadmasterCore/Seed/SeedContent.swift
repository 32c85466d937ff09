/// Word lists and sentence patterns for seeded people and passages. Passages are built
/// from patterns per grade band, so they read as (simple) text for their grade.
public enum SeedContent {
    public static let firstNames = [
        "Ana", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "June", "Kai", "Lea", "Max", "Nia", "Omar", "Pia",
        "Quinn", "Rosa", "Sam", "Tess", "Umar", "Vera", "Wes", "Xena", "Yusuf", "Zoe", "Amir", "Bea", "Caleb", "Dina",
        "Ezra", "Farah", "Gabe", "Hugo", "Iris", "Jonah", "Kira", "Liam", "Maya", "Noah", "Olga", "Pablo", "Rina", "Saul",
        "Tara", "Uri", "Vik", "Wren", "Yara", "Zane", "Aiko", "Bruno", "Chloe", "Diego", "Elena", "Femi", "Greta", "Hiro",
        "Ines", "Jamal", "Lena", "Mateo", "Nora", "Owen", "Priya", "Ravi", "Sofia", "Theo", "Ulla", "Vina", "Willa", "Yoko",
    ]
    public static let lastNames = [
        "Lima", "Reed", "Stone", "Okafor", "Silva", "Kowalski", "Nguyen", "Haddad", "Moreau", "Tanaka", "Ortiz", "Berg",
        "Adeyemi", "Brooks", "Castro", "Dubois", "Evans", "Fischer", "Garcia", "Hansen", "Ibrahim", "Jensen", "Kim", "Lopez",
        "Mensah", "Novak", "Olsen", "Patel", "Quinto", "Rossi", "Sato", "Torres", "Usman", "Varga", "Weber", "Young", "Zhang",
        "Alvarez", "Bianchi", "Costa", "Diallo", "Eriksen", "Ferreira", "Gomez", "Horvat", "Ito", "Jovanovic", "Khan", "Larsen",
    ]

    struct Band {
        let animals: [String], adjectives: [String], verbs: [String], places: [String], objects: [String], feelings: [String]
    }

    /// The word lists of grades 1–2 | 3–4 | 5 up, one line per word class in this order.
    /// Kept as text: they are data, and a new word is a word typed here.
    static let bands: [Band] = {
        let lines = """
            animals: cat, dog, duck, pig, hen, fox, frog, bug | rabbit, turtle, puppy, kitten, squirrel, pony, robin, beaver | falcon, otter, badger, salamander, heron, coyote, porcupine, dolphin
            adjectives: big, little, red, fast, wet, happy, sleepy, funny | brave, clever, quiet, gentle, curious, hungry, noisy, friendly | determined, mysterious, enormous, delicate, cautious, remarkable, ancient, restless
            verbs: ran, sat, hid, hopped, played, looked, slept, jumped | wandered, climbed, searched, listened, whispered, carried, followed, noticed | discovered, investigated, approached, recognized, balanced, collected, imagined, measured
            places: the box, the mud, the sun, the bed, the pond, the hill, the yard, the tub | the garden, the forest, the river, the meadow, the barn, the market, the library, the bridge | the canyon, the harbor, the observatory, the orchard, the glacier, the museum, the marsh, the lighthouse
            objects: a ball, a hat, a cup, a bun, a stick, a map, a bag, a kite | a basket, a lantern, a blanket, a pebble, a feather, a letter, a puzzle, a drum | a compass, a telescope, a fossil, a journal, a crystal, a blueprint, a parchment, an hourglass
            feelings: glad, sad, mad, hot, cold, full, tired, happy | proud, nervous, excited, surprised, grateful, lonely, calm, cheerful | astonished, confident, frustrated, relieved, determined, thoughtful, embarrassed, delighted
            """.split(separator: "\n").map { $0.split(separator: ": ", maxSplits: 1) }
        precondition(lines.map { String($0[0]) } == ["animals", "adjectives", "verbs", "places", "objects", "feelings"])
        // lists[class][band]: the words of one class in one band.
        let lists = lines.map { $0[1].split(separator: " | ").map { $0.split(separator: ", ").map(String.init) } }
        return (0..<3).map { b in
            Band(animals: lists[0][b], adjectives: lists[1][b], verbs: lists[2][b], places: lists[3][b], objects: lists[4][b], feelings: lists[5][b])
        }
    }()

    static func band(forGrade grade: Int) -> Band { bands[min(2, max(0, (grade - 1) / 2))] }

    /// A passage for a grade: 6–12 sentences from the grade band's patterns.
    public static func passage(grade: Int, rng: inout SeedRandom) -> (title: String, text: String) {
        let b = band(forGrade: grade)
        let hero = rng.pick(b.animals), name = rng.pick(firstNames), adj = rng.pick(b.adjectives)
        let place = rng.pick(b.places), object = rng.pick(b.objects)
        let title = "The \(adj.capitalizedFirst) \(hero.capitalizedFirst) and \(object.dropArticle.capitalizedFirst)"
        var sentences = [
            "\(article(adj).capitalizedFirst) \(adj) \(hero) named \(name) lived near \(place).",
            "One morning \(name) \(rng.pick(b.verbs)) to \(rng.pick(b.places)).",
        ]
        let count = rng.range(grade <= 2 ? 4...6 : 6...10)
        for _ in 0..<count {
            switch rng.below(5) {
            case 0: sentences.append("There \(name) found \(rng.pick(b.objects)) under \(rng.pick(b.places).dropArticleThe).")
            case 1: sentences.append("The \(rng.pick(b.animals)) felt \(rng.pick(b.feelings)) and \(rng.pick(b.verbs)) away.")
            case 2: sentences.append("\"Look at \(object)!\" said \(name).")
            case 3: sentences.append("Then \(name) \(rng.pick(b.verbs)) with \(rng.pick(b.objects)) all day.")
            default: sentences.append("The \(rng.pick(b.adjectives)) \(rng.pick(b.animals)) \(rng.pick(b.verbs)) past \(rng.pick(b.places)).")
            }
        }
        sentences.append("At the end of the day, \(name) felt \(rng.pick(b.feelings)) and went home.")
        return (title, sentences.joined(separator: " "))
    }

    static func article(_ word: String) -> String { "aeiou".contains(word.first ?? "x") ? "an" : "a" }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
    var dropArticle: String {
        for a in ["a ", "an ", "the "] where hasPrefix(a) { return String(dropFirst(a.count)) }
        return self
    }
    var dropArticleThe: String { "the " + dropArticle }
}
