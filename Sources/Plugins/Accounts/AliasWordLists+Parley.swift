// Parley's own three-word-name word lists (written for Parley; not Status's lists). Names made with
// them differ from the names Status shows for the same key — load Status's lists with
// `--alias-words FILE` for compatibility. Order matters: indexes are taken modulo the list lengths.

extension AliasWordLists {
    /// Parley's default adjectives (269).
    static let parleyAdjectives: [String] = [
        "Able", "Agile", "Airy", "Amber", "Ample", "Ancient", "Andante", "Arctic", "Ardent", "Ashen", "Astral",
        "Autumnal", "Azure", "Balmy", "Bashful", "Beaming", "Benign", "Blithe", "Bold", "Bouncy", "Brave", "Breezy",
        "Bright", "Brisk", "Bronze", "Bubbly", "Busy", "Buoyant", "Calm", "Candid", "Carefree", "Cheery", "Chilly",
        "Chipper", "Civil", "Clever", "Cloudy", "Coastal", "Cobalt", "Cozy", "Crafty", "Creamy", "Crimson", "Crisp",
        "Curious", "Cushy", "Dainty", "Dapper", "Daring", "Dawning", "Deft", "Devoted", "Dewy", "Diligent", "Dreamy",
        "Droll", "Dusky", "Dusty", "Eager", "Earnest", "Earthy", "Easy", "Elated", "Elfin", "Elegant", "Emerald",
        "Epic", "Even", "Exact", "Fabled", "Fair", "Faithful", "Feathery", "Festive", "Fiery", "Fine", "Firm",
        "Fleet", "Fluffy", "Fluent", "Foggy", "Fond", "Frank", "Free", "Fresh", "Frisky", "Frosty", "Frugal", "Funny",
        "Fuzzy", "Gallant", "Gentle", "Giddy", "Gilded", "Glad", "Gleeful", "Glossy", "Glowing", "Golden", "Graceful",
        "Grand", "Grassy", "Grateful", "Gusty", "Handy", "Happy", "Hardy", "Hasty", "Hazel", "Hearty", "Helpful",
        "Heroic", "Hidden", "Homely", "Honest", "Hopeful", "Humble", "Hushed", "Icy", "Idle", "Indigo", "Inky",
        "Ivory", "Jade", "Jaunty", "Jazzy", "Jolly", "Jovial", "Joyful", "Jubilant", "Keen", "Kind", "Kindred",
        "Kingly", "Lanky", "Lavish", "Leafy", "Lean", "Lively", "Lofty", "Loyal", "Lucid", "Lucky", "Lunar", "Lush",
        "Magic", "Majestic", "Mellow", "Merry", "Mighty", "Mild", "Minty", "Misty", "Modest", "Mossy", "Murky",
        "Musical", "Nautical", "Neat", "Nifty", "Nimble", "Noble", "Nocturnal", "Nutty", "Oaken", "Ochre", "Olive",
        "Opal", "Orderly", "Ornate", "Patient", "Peaceful", "Pearly", "Peppy", "Perky", "Pine", "Placid", "Playful",
        "Plucky", "Plush", "Polite", "Polished", "Prime", "Proud", "Prudent", "Punchy", "Quaint", "Quick", "Quiet",
        "Quirky", "Radiant", "Rainy", "Rapid", "Rare", "Ready", "Regal", "Restful", "Rosy", "Royal", "Ruby", "Rugged",
        "Rustic", "Sable", "Sandy", "Sapphire", "Savvy", "Scarlet", "Serene", "Shady", "Sharp", "Shiny", "Silent",
        "Silken", "Silver", "Simple", "Sleek", "Sleepy", "Smart", "Snappy", "Snowy", "Snug", "Solar", "Solid",
        "Sonic", "Sparkling", "Speedy", "Spry", "Starry", "Steady", "Stellar", "Stormy", "Sturdy", "Subtle", "Sunny",
        "Swift", "Tawny", "Tender", "Thrifty", "Tidy", "Timely", "Tiny", "Topaz", "Tranquil", "Trusty", "Twilight",
        "Upbeat", "Urban", "Valiant", "Velvet", "Verdant", "Vivid", "Vocal", "Wandering", "Warm", "Wary", "Wavy",
        "Whimsical", "Wild", "Windy", "Wintry", "Wise", "Witty", "Woolly", "Young", "Yummy", "Zany", "Zealous",
        "Zesty", "Zippy",
    ]

    /// Parley's default animals (304).
    static let parleyAnimals: [String] = [
        "Aardvark", "Albatross", "Alligator", "Alpaca", "Anchovy", "Anemone", "Ant", "Anteater", "Antelope", "Armadillo",
        "Auk", "Avocet", "Axolotl", "Badger", "Barracuda", "Bat", "Beagle", "Bear", "Beaver", "Bee", "Beetle",
        "Bison", "Bittern", "Blackbird", "Bluejay", "Boar", "Bobcat", "Bonobo", "Buffalo", "Bullfrog", "Bumblebee",
        "Bunting", "Butterfly", "Buzzard", "Camel", "Canary", "Capybara", "Caracal", "Cardinal", "Caribou", "Carp",
        "Cassowary", "Cat", "Catfish", "Chameleon", "Cheetah", "Chickadee", "Chinchilla", "Chipmunk", "Cicada",
        "Clam", "Cobra", "Cockatoo", "Condor", "Coral", "Cormorant", "Cougar", "Coyote", "Crab", "Crane", "Cricket",
        "Crow", "Cuckoo", "Curlew", "Cuttlefish", "Dachshund", "Damselfly", "Deer", "Dingo", "Dolphin", "Donkey",
        "Dormouse", "Dove", "Dragonfly", "Duck", "Dugong", "Dunlin", "Eagle", "Earwig", "Eel", "Egret", "Eland",
        "Elephant", "Elk", "Emu", "Ermine", "Falcon", "Ferret", "Finch", "Firefly", "Flamingo", "Flounder", "Fox",
        "Frog", "Gannet", "Gazelle", "Gecko", "Gerbil", "Gibbon", "Giraffe", "Gnu", "Goat", "Goldfinch", "Goldfish",
        "Goose", "Gopher", "Gorilla", "Grasshopper", "Grebe", "Grouse", "Guppy", "Gull", "Haddock", "Halibut",
        "Hamster", "Hare", "Harrier", "Hawk", "Hedgehog", "Heron", "Herring", "Hippo", "Hornet", "Horse", "Hummingbird",
        "Hyena", "Ibex", "Ibis", "Iguana", "Impala", "Jackal", "Jackdaw", "Jaguar", "Jay", "Jellyfish", "Kangaroo",
        "Katydid", "Kestrel", "Kingfisher", "Kinkajou", "Kite", "Kiwi", "Koala", "Koi", "Krill", "Kudu", "Ladybug",
        "Lamprey", "Lapwing", "Lark", "Lemming", "Lemur", "Leopard", "Limpet", "Linnet", "Lion", "Lizard", "Llama",
        "Lobster", "Locust", "Loon", "Lynx", "Macaw", "Magpie", "Mallard", "Manatee", "Mandrill", "Mantis", "Marmot",
        "Marten", "Meerkat", "Merlin", "Mink", "Minnow", "Mole", "Mongoose", "Monkey", "Moose", "Moth", "Mouse",
        "Mule", "Muskrat", "Narwhal", "Newt", "Nighthawk", "Nightingale", "Numbat", "Nuthatch", "Ocelot", "Octopus",
        "Okapi", "Opossum", "Orca", "Oriole", "Oryx", "Osprey", "Ostrich", "Otter", "Owl", "Ox", "Oyster", "Panda",
        "Pangolin", "Panther", "Parakeet", "Parrot", "Partridge", "Peacock", "Pelican", "Penguin", "Perch", "Petrel",
        "Pheasant", "Pigeon", "Pike", "Platypus", "Plover", "Polecat", "Pony", "Porcupine", "Porpoise", "Possum",
        "Prawn", "Puffin", "Puma", "Python", "Quail", "Quokka", "Quoll", "Rabbit", "Raccoon", "Ram", "Raven", "Reindeer",
        "Rhino", "Roadrunner", "Robin", "Rook", "Salamander", "Salmon", "Sandpiper", "Sardine", "Scallop", "Scorpion",
        "Seahorse", "Seal", "Shark", "Sheep", "Shrew", "Shrimp", "Skink", "Skunk", "Skylark", "Sloth", "Snail",
        "Snipe", "Sparrow", "Spider", "Squid", "Squirrel", "Starfish", "Starling", "Stingray", "Stoat", "Stork",
        "Sturgeon", "Swallow", "Swan", "Swift", "Tamarin", "Tapir", "Tarsier", "Termite", "Tern", "Terrier", "Thrush",
        "Tiger", "Toad", "Tortoise", "Toucan", "Trout", "Tuna", "Turkey", "Turtle", "Urchin", "Viper", "Vole",
        "Vulture", "Wallaby", "Walrus", "Warbler", "Wasp", "Weasel", "Whale", "Whippet", "Wildcat", "Wolf", "Wolverine",
        "Wombat", "Woodpecker", "Wren", "Yak", "Zebra", "Zebu",
    ]
}
