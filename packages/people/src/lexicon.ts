/**
 * The words the people stage reads by: speech verbs, titles, role nouns, organisation and place
 * words, in English, German, French and Spanish. One owner for every list: the rules import
 * these and never spell a word list of their own. Entries are lower case, compared after
 * `lower()`.
 */

const set = (...groups: readonly string[]): ReadonlySet<string> => {
  const out = new Set<string>();
  for (const group of groups) for (const word of group.split(/\s+/u)) if (word) out.add(word);
  return out;
};

/**
 * Verbs that report what someone said or wrote, in every form a news sentence uses them
 * ("said", "says", "told", "sagte", "a déclaré" → "déclaré", "dijo"). A verb here attributes
 * the statement in its sentence to its subject.
 */
export const SPEECH_VERBS = set(
  // English: say/tell and the verbs of reporting that news style uses in their place.
  `said says say saying told tells tell added adds noted notes explained explains stated states
   wrote writes write tweeted tweets posted testified testifies recalled recalls argued argues
   warned warns insisted insists claimed claims asked asks replied replies responded responds
   answered answers commented comments continued continues concluded concludes acknowledged
   acknowledges admitted admits announced announces confirmed confirms declared declares
   emphasized emphasizes emphasised emphasises stressed stresses observed observes remarked
   remarks suggested suggests urged urges conceded concedes cautioned cautions predicted
   predicts explained described describes agreed agrees denied denies shouted shouts joked jokes
   quipped quips mused muses wondered wonders cited cites indicated indicates revealed reveals
   disclosed discloses complained complains criticised criticises criticized criticizes slammed
   slams blasted blasts countered counters contended contends maintained maintains asserted
   asserts reiterated reiterates recounted recounts reported reports told explains tweeted
   messaged emailed texted recalled testified pleaded pleads vowed vows promised promises
   boasted boasts lamented laments sighed sighs exclaimed exclaims whispered whispers
   yelled yells screamed screams cried cries laughed laughs interjected interjects chimed
   pointed thinks believes believed thought estimated estimates projected projects
   forecast forecasts expects expected hopes hoped feared fears worried worries written
   demanded demands questioned questions retorted retorts`,
  // German
  `sagte sagt sagten sagen erklärte erklärt erklärten betonte betont betonten meinte meint
   berichtete berichtet schrieb schreibt warnte warnt kritisierte kritisiert forderte fordert
   ergänzte ergänzt fügte sprach spricht räumte mahnte mahnt bekräftigte bekräftigt
   versicherte versichert unterstrich unterstreicht bestätigte bestätigt kündigte
   erläuterte erläutert sagt antwortete antwortet entgegnete entgegnet erzählte erzählt
   verwies verweist lobte lobt`,
  // French (the participle of the passé composé carries the meaning: "a déclaré")
  `dit déclaré déclare affirmé affirme expliqué explique ajouté ajoute souligné souligne
   estimé estime indiqué indique précisé précise assuré assure confié confie rappelé rappelle
   raconté raconte annoncé annonce averti avertit réagi réagit insisté insiste prévenu
   prévient regretté regrette lancé lance répondu répond écrit écrivait dénoncé dénonce
   martelé martèle reconnu reconnaît poursuit poursuivi commenté commente observé observe
   résume résumé tranche tranché note noté jugé juge`,
  // Spanish
  `dijo dice dicen afirmó afirma declaró declara explicó explica señaló señala añadió añade
   agregó agrega aseguró asegura indicó indica comentó comenta manifestó manifiesta sostuvo
   sostiene advirtió advierte recordó recuerda subrayó subraya destacó destaca apuntó apunta
   insistió insiste precisó precisa reconoció reconoce escribió escribe respondió responde
   contó cuenta admitió admite anunció anuncia expresó expresa detalló detalla relató relata
   opinó opina considera consideró criticó critica`,
);

/** Speech verbs that need a particle after them to report speech ("pointed out", "chimed in"). */
export const PARTICLE_VERBS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ["pointed", set("out")],
  ["chimed", set("in")],
  ["fügte", set("hinzu")],
  ["räumte", set("ein")],
  ["kündigte", set("an")],
]);

/**
 * Speech verbs that are also common nouns ("the notes", "his claims", "blog posts"): read as a
 * verb only right after a name, a pronoun or a quotation, never after a determiner.
 */
export const NOUN_LIKE_VERBS = set(
  `notes states claims comments posts reports writes answers remarks counters cites projects
   estimates forecasts fears hopes worries promises vows laments jokes cries laughs whispers
   yells screams sighs muses quips thinks note juge tranche cuenta critica`,
);

/** Verbs of opinion: speech only with a named subject, never with an unnamed one. */
export const OPINION_VERBS = set(
  `thinks believes believed thought estimated estimates projected projects forecast forecasts
   expects expected hopes hoped feared fears worried worries considera consideró estime estimé
   jugé juge`,
);

/** Before a speaker: "according to X", "selon X", "según X", "laut X". */
export const ACCORDING_TO = set("according selon según segun laut zufolge d'après d’après");

/** After a quotation in German: "„…“, so Müller." */
export const GERMAN_SO = "so";

/** Words that may stand between a subject and its speech verb ("Smith also said"). */
export const VERB_ADVERBS = set(
  `also later then previously recently again once further repeatedly publicly privately
   earlier first often has have had would will could did does do was is later last
   subsequently separately simply quickly bluntly flatly angrily proudly tearfully quietly
   calmly firmly reportedly initially finally jokingly emphatically optimistically
   has had hat habe hatte a auch ebenfalls zudem außerdem noch ha también además`,
);

/** Before a verb, these make the subject not the speaker ("was told", "had been asked"). */
export const PASSIVE_AUX = set("was were been being be is are wurde wurden worden fue fueron été");

/** Negations: "did not say", "declined to comment" are no statement. */
export const NEGATIONS = set("not never n't nicht nie pas jamais no nunca");

/** Personal pronouns that may be the subject of a speech verb, by grammatical gender. */
export const PRONOUNS: ReadonlyMap<string, "m" | "f"> = new Map([
  ["he", "m"],
  ["she", "f"],
  ["er", "m"],
  ["sie", "f"],
  ["il", "m"],
  ["elle", "f"],
  ["él", "m"],
  ["ella", "f"],
]);

/**
 * Honorifics: a word after one is a name even alone ("Mr. Cooke"), and they are no part of the
 * name's role.
 */
export const HONORIFICS = set(
  `mr mrs ms miss mx dr prof sir dame lady lord herr frau m mme mlle monsieur madame sr sra
   srta don doña dott`,
);

/**
 * Titles that stand before a name and are its role ("Gov. Kristi Noem", "Lt. Col. Alexander
 * Vindman", "Ambassador Sondland"). Abbreviations without their full stop.
 */
export const TITLES = set(
  `president vice prime minister chancellor secretary governor gov senator sen representative
   rep congressman congresswoman mayor ambassador judge justice general gen lt col colonel
   lieutenant sgt sergeant capt captain cmdr commander adm admiral maj major cpl corporal pvt
   private officer detective det inspector sheriff chief deputy attorney prosecutor
   commissioner superintendent director chairman chairwoman chair speaker leader pope king
   queen prince princess duke duchess emperor empress sheikh bishop archbishop cardinal rev
   reverend father pastor rabbi imam coach professor prof dr doctor sister brother
   councillor councilman councilwoman alderman assemblyman assemblywoman delegate
   administrator spokesman spokeswoman spokesperson founder ceo cfo coo cto chief`,
  // German, French, Spanish titles (German nouns are written with a capital).
  `präsident präsidentin bundespräsident bundeskanzler bundeskanzlerin kanzler kanzlerin
   ministerin bundesminister bundesministerin ministerpräsident ministerpräsidentin
   bürgermeister bürgermeisterin oberbürgermeister oberbürgermeisterin senatorin
   abgeordneter abgeordnete sprecher sprecherin vorsitzender vorsitzende chef chefin
   leiter leiterin direktor direktorin professorin richter richterin staatsanwalt
   staatsanwältin generalsekretär generalsekretärin botschafter botschafterin trainer
   trainerin président présidente ministre premier maire député députée sénateur sénatrice
   directeur directrice juge procureur procureure ambassadeur ambassadrice porte-parole
   presidente ministro ministra alcalde alcaldesa diputado diputada senador senadora
   portavoz juez jueza fiscal embajador embajadora director directora entrenador`,
);

/**
 * Lower-case nouns that make a job title or role ("analyst", "spokesman", "professor of
 * economics"): the head of a descriptor next to a name. Plurals belong to unnamed sources.
 */
export const ROLE_NOUNS = set(
  `journalist reporter correspondent editor writer author columnist blogger commentator critic
   analyst economist strategist trader investor banker broker dealer accountant auditor
   president chairman chairwoman chair chairperson ceo cfo coo cto cio founder co-founder
   cofounder owner director manager executive officer official head chief leader spokesman
   spokeswoman spokesperson representative rep secretary minister premier chancellor governor
   mayor senator congressman congresswoman lawmaker legislator delegate ambassador envoy
   diplomat commissioner administrator superintendent inspector prosecutor attorney lawyer
   counsel solicitor barrister judge justice magistrate sheriff detective sergeant lieutenant
   captain colonel general commander admiral soldier officer professor lecturer researcher
   scientist physicist chemist biologist geologist astronomer astronaut physician doctor
   surgeon nurse psychiatrist psychologist therapist dentist pharmacist veterinarian
   teacher principal student expert specialist consultant adviser advisor counselor
   counsellor fellow scholar historian architect engineer designer artist singer musician
   guitarist drummer bassist pianist rapper songwriter composer actor actress producer
   filmmaker host presenter anchor comedian coach player striker midfielder defender
   goalkeeper quarterback athlete captain activist campaigner organizer organiser volunteer
   resident witness victim survivor farmer worker employee partner member candidate nominee
   pastor priest bishop rabbi imam monk nun king queen prince princess duke duchess
   technician planner developer programmer coordinator administrator supervisor
   superintendent treasurer controller auditor clerk staffer aide assistant associate deputy
   vice-president vp svp evp md gm founder-ceo entrepreneur businessman businesswoman
   chef pilot firefighter paramedic officer agent inspector investigator trustee deportee
   suspect defendant plaintiff lawmaker politician photographer manager-director
   superintendent physiologist immunologist microbiologist epidemiologist neuroscientist
   judge host mother father son daughter wife husband sister brother aunt uncle niece nephew
   cousin grandmother grandfather friend neighbor neighbour colleague girlfriend boyfriend
   fiancé fiancée widow widower parent guardian novelist poet playwright screenwriter
   novelist chairman-elect governor-elect president-elect senator-elect mp mep`,
  // German, French, Spanish
  `sprecher sprecherin präsident präsidentin vorsitzender vorsitzende minister ministerin
   chef chefin leiter leiterin direktor direktorin geschäftsführer geschäftsführerin vorstand
   vorstandschef vorstandschefin professor professorin experte expertin analyst analystin
   ökonom ökonomin wissenschaftler wissenschaftlerin forscher forscherin bürgermeister
   bürgermeisterin abgeordneter abgeordnete politiker politikerin journalist journalistin
   anwalt anwältin rechtsanwalt rechtsanwältin trainer trainerin arzt ärztin lehrer
   lehrerin gründer gründerin inhaber inhaberin mitarbeiter mitarbeiterin
   porte-parole président présidente ministre directeur directrice pdg patron patronne
   responsable professeur professeure chercheur chercheuse expert experte analyste
   économiste avocat avocate maire député députée sénateur sénatrice secrétaire conseiller
   conseillère fondateur fondatrice journaliste médecin entraîneur
   portavoz vocero vocera presidente presidenta ministro ministra director directora jefe
   jefa profesor profesora investigador investigadora experto experta analista economista
   abogado abogada alcalde alcaldesa diputado diputada senador senadora secretario
   secretaria asesor asesora fundador fundadora periodista médico médica entrenador`,
);

/** Word endings that make a lower-case noun a role even when the list lacks it. */
export const ROLE_SUFFIX =
  /(?:ologist|ist|ician|ian|sman|swoman|sperson|eur|euse|ee|ista|iste|erin|ator)$/u;

/** Words the suffix rule would take for a role but that are none ("committee", "guardian"). */
export const NOT_ROLE = set(
  `list exist assist twist mist wrist fist gist resist insist persist consist committee
   coffee free degree agree three tree see fee knee glee thee decree spree jubilee median
   meridian christian indian asian canadian australian italian russian egyptian iranian
   syrian nigerian brazilian colombian peruvian chilean korean european american african
   mexican german norman roman human woman person guardian indicator elevator generator
   calculator alligator radiator ventilator incubator accelerator equator escalator
   refrigerator respirator simulator`,
);

/** Words that qualify a role and belong to it ("senior analyst", "former minister"). */
export const ROLE_MODIFIERS = set(
  `senior junior chief deputy assistant associate acting interim former executive managing
   general vice co lead principal head global regional national international state federal
   local founding retired outgoing incoming then current longtime long-time veteran top
   prime foreign interior finance defense defence home justice health education labor
   labour trade economy energy environment transport transportation agriculture culture
   treasury secretary first special political legal medical technical financial
   commercial scientific research team press news creative artistic`,
);

/**
 * Capitalised words that are no part of a person's name: sentence openers, function words,
 * months and days. A run of capitalised words that holds one is not a name.
 */
export const NOT_NAME = set(
  `the a an this that these those there here it its he she they we i you his her their our
   my your who what when where why how which whose whom while as if but and or nor so yet
   for from by with without within into onto upon to of in on at after before during since
   until although though because however meanwhile also then still just even only some many
   most all both each every any no not none one two three four five six seven eight nine ten
   first last next new old other another such more less than very much few several
   mr mrs ms dr prof
   monday tuesday wednesday thursday friday saturday sunday
   january february march april may june july august september october november december
   jan feb mar apr jun jul aug sep sept oct nov dec
   today yesterday tomorrow tonight
   der die das ein eine und oder aber auch nach vor bei mit von zu im am um für auf aus
   le la les un une des et ou mais pour par avec dans sur sous selon
   el los las unos unas y pero por con en sobre según
   montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar märz juni juli
   oktober dezember lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars
   avril mai juin juillet août septembre octobre novembre décembre lunes martes miércoles
   jueves viernes sábado domingo enero febrero marzo abril mayo junio julio agosto
   septiembre octubre noviembre diciembre
   covid coronavirus internet facebook twitter instagram youtube tiktok whatsapp google
   apple amazon microsoft netflix reddit linkedin snapchat weibo wechat
   god allah christmas easter ramadan`,
);

/**
 * Words that make a capitalised run an organisation: "Kotak Securities", "Aberdeen Royal
 * Infirmary", "the Peterson Institute for International Economics".
 */
export const ORG_WORDS = set(
  `inc incorporated corp corporation co company companies ltd llc llp plc gmbh ag sa spa nv
   bv ab oy group holdings holding partners partnership associates capital securities
   investments ventures bank bancorp fund funds trust financial insurance assurance
   university college school academy institute institution laboratory laboratories lab labs
   center centre clinic hospital infirmary foundation society association federation union
   league club council committee commission board bureau agency authority administration
   department ministry office service services government parliament congress senate house
   assembly court courts tribunal police army navy force forces guard military command
   party movement coalition alliance network media news times post journal press tribune
   herald gazette telegraph guardian chronicle observer review magazine radio television tv
   channel studio studios records entertainment pictures films games technologies
   technology systems solutions software labs airlines airways motors energy oil gas
   pharmaceuticals pharma therapeutics biotech industries industry international global
   worldwide organization organisation organizations initiative project program programme
   church diocese mosque temple museum library gallery theatre theater orchestra band
   awards award prize festival conference summit olympics cup championship championships
   tournament series act bill treaty accord index report survey equities markets exchange
   forum council institute centre policy convention declaration protocol charter
   constitution
   brothers bros sisters team fc cf united city rangers athletic sporting
   reuters bloomberg ap afp dpa xinhua
   ministerium bundesregierung regierung universität hochschule institut stiftung verband
   verein gesellschaft partei bundestag landtag gericht polizei klinik krankenhaus zeitung
   ministère gouvernement université institut fondation société parti assemblée tribunal
   hôpital ministerio gobierno universidad instituto fundación sociedad partido tribunal
   hospital policía`,
);

/** First words that make a capitalised run a place ("West Virginia", "Lake Tahoe", "St Louis"). */
export const PLACE_HEADS = set(
  `north south east west northern southern eastern western central upper lower new mount mt
   lake san santa st saint fort port cape gulf bad sankt`,
);

/** Last words that make a capitalised run a place ("Wall Street", "Kowloon West District"). */
export const PLACE_TAILS = set(
  `street st avenue ave road rd boulevard blvd square river mountains lake island islands bay
   valley county state states province district region city town village coast hills heights
   beach airport station bridge plaza strait sea ocean peninsula desert canyon kingdom
   republic emirates straße platz stadt rue ville calle ciudad`,
);

/**
 * Multi-word places and landmarks that look like a first and last name ("Hong Kong", "Saudi
 * Arabia", "Wall Street" is caught by PLACE_WORDS). Folded, one per entry.
 */
export const PLACES: ReadonlySet<string> = new Set([
  "hong kong",
  "saudi arabia",
  "sri lanka",
  "costa rica",
  "puerto rico",
  "el salvador",
  "burkina faso",
  "sierra leone",
  "new zealand",
  "los angeles",
  "san francisco",
  "san diego",
  "san jose",
  "las vegas",
  "tel aviv",
  "abu dhabi",
  "buenos aires",
  "rio de janeiro",
  "sao paulo",
  "são paulo",
  "kuala lumpur",
  "cape town",
  "silicon valley",
  "capitol hill",
  "downing street",
  "white house",
  "inner mongolia",
  "notre dame",
  "santa clara",
  "santa monica",
  "santa barbara",
  "st louis",
  "st. louis",
  "palo alto",
  "baton rouge",
  "des moines",
  "salt lake",
  "new delhi",
  "mexico city",
  "papua new guinea",
  "bosnia herzegovina",
  "trinidad tobago",
  "czech republic",
  "dominican republic",
]);

/** Determiners and quantifiers that open a descriptor ("a spokesman", "the analysts"). */
export const DETERMINERS = set(
  `a an the one another some several many most two three four five six few other his her
   their its our this that these those ein eine einer der die das un une le la les des el la
   los las unos unas`,
);

/**
 * Plural nouns that stand for unnamed sources ("officials said", "experts say"). A speech verb
 * whose subject is one of these, without a name, is an unnamed source.
 */
export const SOURCE_PLURALS = set(
  `officials sources experts analysts economists strategists traders investors researchers
   scientists authorities police officers prosecutors investigators lawyers attorneys
   witnesses residents doctors physicians critics observers diplomats lawmakers
   legislators leaders executives spokesmen spokespeople spokespersons advocates activists
   protesters protestors organizers organisers teachers students parents employees workers
   members people insiders aides staffers economists bankers historians experts
   epidemiologists specialists engineers authors editors commentators supporters
   opponents backers critics officials`,
);

/** Words after a name that make the name an organisation ("Morgan Stanley analysts"). */
export const ORG_FOLLOWERS = set(
  `analysts economists researchers strategists spokesman spokeswoman spokesperson executives
   officials staff employees shares stock stocks shareholders customers users board
   subsidiary unit division headquarters inc corp ltd plc llc co`,
);

/** Relative pronouns and participles that end a descriptor ("…, who heads the institute"). */
export const CLAUSE_OPENERS = set(
  `who which that where whose whom when while based located known founded who's
   der die das welche welcher qui que dont où quien que cuyo donde`,
);

/** Verbs of heading an organisation: "…, who heads the institute" gives the organisation. */
export const LEADS = set(
  `heads leads runs chairs directs founded co-founded owns manages oversees represents
   headed led ran chaired directed managed oversaw`,
);

/** Prepositions that tie a role to its organisation ("analyst at X", "head of Y"). */
export const ORG_PREPOSITIONS = set(
  "at of for with from in bei von der des im beim de du chez à del en",
);

/** Suffixes of names: kept in the name ("Patrick W. Carlineo Jr."). */
export const NAME_SUFFIXES = set("jr sr ii iii iv v phd md");

/** Lower-case particles inside a name ("Monica de Bolle", "Ludwig van Beethoven"). */
export const NAME_PARTICLES = set(
  "de da del della dei di du des van von der den dem ter ten te la le bin ibn al el dos das do y zu",
);

/**
 * Abbreviations after which a full stop does not end a sentence ("Mr. Smith", "U.S. President",
 * "Lt. Col. Vindman"). Without the stop, lower case.
 */
export const ABBREVIATIONS = set(
  `mr mrs ms dr prof gov sen rep gen lt col sgt capt cmdr adm maj cpl pvt det st jr sr rev fr
   mt ft no nos vs etc e.g i.e approx dept univ assn bros jan feb mar apr jun jul aug sep sept
   oct nov dec u.s u.k u.n e.u d.c l.a n.y a.m p.m inc corp co ltd`,
);

/** Demonyms that are written before a role and are no part of it ("Azerbaijani journalist"). */
export const DEMONYM_SUFFIX = /(?:ian|ean|an|ese|ish|i|ic|ch|ss|que|ais|aise|ano|ana|isch|ische)$/u;

/** Prepositions: a descriptor before a name never reaches past one ("a race against singer X"). */
export const PREPOSITIONS = set(
  `about above across after against along amid among around as at before behind below beneath
   beside besides between beyond by despite down during except for from in inside into like
   near of off on onto out outside over past per since than through throughout till to toward
   towards under unlike until up upon versus via with within without including alongside
   über unter gegen ohne durch zwischen während wegen seit bis avec sans contre entre pendant
   depuis vers chez sous sur contra entre hacia hasta desde durante sin sobre tras`,
);

/** Words of time that end a descriptor before a name ("last week State Department official"). */
export const TIME_WORDS = set(
  `week weeks month months year years day days night nights morning afternoon evening weekend
   decade decades century today yesterday tomorrow tonight earlier later recently ago`,
);

/**
 * Speech verbs that also take a thing ("announced a plan", "revealed the news", "cited a
 * study"): they report speech only before "that", a colon or with a quotation in the sentence.
 */
export const CLAUSE_VERBS = set(
  `announced announces revealed reveals disclosed discloses confirmed confirms acknowledged
   acknowledges denied denies admitted admits cited cites indicated indicates described
   describes predicted predicts estimated estimates expected expects projected projects
   posted reported reports recalled recalls promised promises vowed vows questioned
   questions demanded demands forecast forecasts`,
);
