using System.Globalization;

namespace Tsunagu.Core.Data.Demo;

/// <summary>One unit of the demo city's organisation; <see cref="Path"/> such as 総務部/総務課/人事係.</summary>
public sealed record DemoDepartment(string Path, string Name, string Kind, int SortOrder, bool ExcludedFromUsage);

/// <summary>One member of the demo city's staff; names use U+3000 between family and given name.</summary>
public sealed record DemoStaff(string Login, string Name, string Kana, string DepartmentPath, string Position, string Email);

/// <summary>
/// The fictional 瀬戸内市 (about 37,000 residents) used by the demo seed: a 部/課/係 tree and 828 staff,
/// 605 of them counted for usage and 223 in 消防本部 and 市民病院, which are excluded from usage.
/// Everything is generated from a fixed seed, so every run yields the same list.
/// </summary>
public static class DemoCityData
{
    public const string MunicipalityName = "瀬戸内市";

    /// <summary>The administrator account; not part of <see cref="Staff"/>.</summary>
    public const string AdminLogin = "admin";

    /// <summary>守屋 美咲, 主事 in 企画振興部/DX戦略室.</summary>
    public const string DemoStaffLogin = "moriya.misaki";

    private const string EmailDomain = "@city.setouchi.example.jp";
    private const string FireRoot = "消防本部";
    private const string HospitalRoot = "市民病院";
    private const string ExecutiveUnit = "市長公室/秘書広報課";
    private const string DemoUnit = "企画振興部/DX戦略室";
    private const string Space = "\u3000";
    private const ulong Seed = 20210512;

    // Staff counted per region: 0 = counted for usage, 1 = 消防本部, 2 = 市民病院.
    private static readonly int[] RegionTotals = [605, 130, 93];

    // Parents precede children. Weight: relative size of a unit's rank-and-file (leaf units only).
    // Tech: percent of the junior rank-and-file who are 技師 rather than 主事.
    private static readonly (string Path, string Kind, int Weight, int Tech)[] Units =
    [
        ("市長公室", "室", 0, 0),
        ("市長公室/秘書広報課", "課", 0, 0),
        ("市長公室/秘書広報課/秘書係", "係", 4, 0),
        ("市長公室/秘書広報課/広報係", "係", 5, 0),
        ("総務部", "部", 0, 0),
        ("総務部/総務課", "課", 0, 0),
        ("総務部/総務課/人事係", "係", 8, 0),
        ("総務部/総務課/文書法制係", "係", 5, 0),
        ("総務部/財政課", "課", 8, 0),
        ("総務部/税務課", "課", 0, 0),
        ("総務部/税務課/市民税係", "係", 12, 0),
        ("総務部/税務課/資産税係", "係", 12, 20),
        ("総務部/税務課/収納係", "係", 10, 0),
        ("総務部/契約管財課", "課", 7, 20),
        ("総務部/危機管理課", "課", 6, 0),
        ("企画振興部", "部", 0, 0),
        ("企画振興部/企画政策課", "課", 7, 0),
        ("企画振興部/DX戦略室", "室", 6, 0),
        ("企画振興部/地域振興課", "課", 7, 0),
        ("企画振興部/観光課", "課", 6, 0),
        ("市民部", "部", 0, 0),
        ("市民部/市民課", "課", 0, 0),
        ("市民部/市民課/住民係", "係", 10, 0),
        ("市民部/市民課/戸籍係", "係", 7, 0),
        ("市民部/保険年金課", "課", 0, 0),
        ("市民部/保険年金課/国保係", "係", 9, 0),
        ("市民部/保険年金課/年金医療係", "係", 8, 0),
        ("市民部/環境課", "課", 0, 0),
        ("市民部/環境課/環境保全係", "係", 6, 30),
        ("市民部/環境課/廃棄物対策係", "係", 7, 30),
        ("市民部/人権啓発課", "課", 4, 0),
        ("市民部/牛窓支所", "課", 8, 0),
        ("市民部/長船支所", "課", 7, 0),
        ("保健福祉部", "部", 0, 0),
        ("保健福祉部/福祉課", "課", 0, 0),
        ("保健福祉部/福祉課/地域福祉係", "係", 6, 0),
        ("保健福祉部/福祉課/障害福祉係", "係", 9, 0),
        ("保健福祉部/福祉課/生活福祉係", "係", 8, 0),
        ("保健福祉部/子育て支援課", "課", 0, 0),
        ("保健福祉部/子育て支援課/子育て支援係", "係", 8, 0),
        ("保健福祉部/子育て支援課/保育係", "係", 10, 0),
        ("保健福祉部/健康づくり課", "課", 12, 60),
        ("保健福祉部/介護保険課", "課", 10, 20),
        ("保健福祉部/いきいき長寿課", "課", 9, 30),
        ("産業建設部", "部", 0, 0),
        ("産業建設部/農林水産課", "課", 9, 40),
        ("産業建設部/商工課", "課", 6, 0),
        ("産業建設部/建設課", "課", 0, 0),
        ("産業建設部/建設課/管理係", "係", 7, 30),
        ("産業建設部/建設課/工務係", "係", 11, 90),
        ("産業建設部/都市計画課", "課", 7, 60),
        ("産業建設部/住宅課", "課", 5, 50),
        ("上下水道部", "部", 0, 0),
        ("上下水道部/上水道課", "課", 0, 0),
        ("上下水道部/上水道課/業務係", "係", 7, 10),
        ("上下水道部/上水道課/工務係", "係", 8, 90),
        ("上下水道部/下水道課", "課", 9, 70),
        ("会計課", "課", 6, 0),
        ("議会事務局", "局", 6, 0),
        ("教育委員会", "委員会", 0, 0),
        ("教育委員会/教育総務課", "課", 8, 20),
        ("教育委員会/学校教育課", "課", 10, 0),
        ("教育委員会/社会教育課", "課", 8, 0),
        ("教育委員会/文化スポーツ課", "課", 7, 0),
        ("教育委員会/美術館", "課", 5, 40),
        ("選挙管理委員会事務局", "局", 3, 0),
        ("監査委員事務局", "局", 3, 0),
        ("農業委員会事務局", "局", 4, 0),
        ("消防本部", "本部", 0, 0),
        ("消防本部/総務課", "課", 6, 0),
        ("消防本部/警防課", "課", 8, 0),
        ("消防本部/予防課", "課", 6, 0),
        ("消防本部/消防署", "課", 0, 0),
        ("消防本部/消防署/第一警備係", "係", 30, 0),
        ("消防本部/消防署/第二警備係", "係", 30, 0),
        ("消防本部/消防署/牛窓出張所", "係", 15, 0),
        ("消防本部/消防署/長船出張所", "係", 15, 0),
        ("市民病院", "病院", 0, 0),
        ("市民病院/事務部", "部", 0, 0),
        ("市民病院/事務部/総務課", "課", 6, 0),
        ("市民病院/事務部/医事課", "課", 7, 0),
        ("市民病院/診療部", "部", 20, 100),
        ("市民病院/看護部", "部", 0, 0),
        ("市民病院/看護部/病棟係", "係", 35, 0),
        ("市民病院/看護部/外来係", "係", 15, 0),
    ];

    private static readonly string[] DeputyHeadUnits = ["総務部", "保健福祉部", "産業建設部", "教育委員会", FireRoot];

    // Common family names roughly in order of frequency, Okayama names among them.
    private static readonly (string Kanji, string Kana, string Romaji)[] FamilyNames =
    [
        ("佐藤", "さとう", "sato"), ("鈴木", "すずき", "suzuki"), ("高橋", "たかはし", "takahashi"), ("田中", "たなか", "tanaka"),
        ("伊藤", "いとう", "ito"), ("渡辺", "わたなべ", "watanabe"), ("山本", "やまもと", "yamamoto"), ("中村", "なかむら", "nakamura"),
        ("小林", "こばやし", "kobayashi"), ("加藤", "かとう", "kato"), ("吉田", "よしだ", "yoshida"), ("山田", "やまだ", "yamada"),
        ("佐々木", "ささき", "sasaki"), ("山口", "やまぐち", "yamaguchi"), ("松本", "まつもと", "matsumoto"), ("井上", "いのうえ", "inoue"),
        ("木村", "きむら", "kimura"), ("林", "はやし", "hayashi"), ("斎藤", "さいとう", "saito"), ("清水", "しみず", "shimizu"),
        ("山崎", "やまざき", "yamazaki"), ("森", "もり", "mori"), ("池田", "いけだ", "ikeda"), ("橋本", "はしもと", "hashimoto"),
        ("難波", "なんば", "nanba"), ("三宅", "みやけ", "miyake"), ("藤原", "ふじわら", "fujiwara"), ("岡田", "おかだ", "okada"),
        ("阿部", "あべ", "abe"), ("石川", "いしかわ", "ishikawa"), ("山下", "やました", "yamashita"), ("中島", "なかじま", "nakajima"),
        ("石井", "いしい", "ishii"), ("小川", "おがわ", "ogawa"), ("前田", "まえだ", "maeda"), ("長谷川", "はせがわ", "hasegawa"),
        ("藤田", "ふじた", "fujita"), ("後藤", "ごとう", "goto"), ("近藤", "こんどう", "kondo"), ("村上", "むらかみ", "murakami"),
        ("遠藤", "えんどう", "endo"), ("青木", "あおき", "aoki"), ("坂本", "さかもと", "sakamoto"), ("斉藤", "さいとう", "saito"),
        ("福田", "ふくだ", "fukuda"), ("太田", "おおた", "ota"), ("西村", "にしむら", "nishimura"), ("藤井", "ふじい", "fujii"),
        ("金子", "かねこ", "kaneko"), ("岡本", "おかもと", "okamoto"), ("三浦", "みうら", "miura"), ("中野", "なかの", "nakano"),
        ("中川", "なかがわ", "nakagawa"), ("原田", "はらだ", "harada"), ("松田", "まつだ", "matsuda"), ("竹内", "たけうち", "takeuchi"),
        ("小野", "おの", "ono"), ("田村", "たむら", "tamura"), ("中山", "なかやま", "nakayama"), ("和田", "わだ", "wada"),
        ("石田", "いしだ", "ishida"), ("森田", "もりた", "morita"), ("上田", "うえだ", "ueda"), ("原", "はら", "hara"),
        ("内田", "うちだ", "uchida"), ("柴田", "しばた", "shibata"), ("酒井", "さかい", "sakai"), ("宮崎", "みやざき", "miyazaki"),
        ("横山", "よこやま", "yokoyama"), ("高木", "たかぎ", "takagi"), ("安藤", "あんどう", "ando"), ("宮本", "みやもと", "miyamoto"),
        ("大野", "おおの", "ono"), ("小島", "こじま", "kojima"), ("谷口", "たにぐち", "taniguchi"), ("今井", "いまい", "imai"),
        ("工藤", "くどう", "kudo"), ("高田", "たかだ", "takada"), ("増田", "ますだ", "masuda"), ("丸山", "まるやま", "maruyama"),
        ("杉山", "すぎやま", "sugiyama"), ("村田", "むらた", "murata"), ("大塚", "おおつか", "otsuka"), ("新井", "あらい", "arai"),
        ("小山", "こやま", "koyama"), ("平野", "ひらの", "hirano"), ("守屋", "もりや", "moriya"), ("妹尾", "せのお", "senoo"),
        ("岡崎", "おかざき", "okazaki"), ("浜田", "はまだ", "hamada"), ("片山", "かたやま", "katayama"), ("赤木", "あかぎ", "akagi"),
        ("小橋", "こばし", "kobashi"), ("黒田", "くろだ", "kuroda"), ("平松", "ひらまつ", "hiramatsu"), ("三村", "みむら", "mimura"),
    ];

    // Variant kanji that a search has to fold onto the common form.
    private static readonly (string Kanji, string Kana, string Romaji)[] VariantFamilyNames =
    [
        ("髙橋", "たかはし", "takahashi"), ("山﨑", "やまさき", "yamasaki"), ("齋藤", "さいとう", "saito"),
        ("渡邊", "わたなべ", "watanabe"), ("渡邉", "わたなべ", "watanabe"), ("濵田", "はまだ", "hamada"),
    ];

    // Given names, older generations first.
    private static readonly (string Kanji, string Kana, string Romaji)[] MaleNames =
    [
        ("健一", "けんいち", "kenichi"), ("誠", "まこと", "makoto"), ("浩", "ひろし", "hiroshi"), ("隆", "たかし", "takashi"),
        ("修", "おさむ", "osamu"), ("博之", "ひろゆき", "hiroyuki"), ("和也", "かずや", "kazuya"), ("正樹", "まさき", "masaki"),
        ("秀樹", "ひでき", "hideki"), ("哲也", "てつや", "tetsuya"), ("直樹", "なおき", "naoki"), ("浩二", "こうじ", "koji"),
        ("智之", "ともゆき", "tomoyuki"), ("剛", "つよし", "tsuyoshi"), ("聡", "さとし", "satoshi"), ("勝", "まさる", "masaru"),
        ("茂", "しげる", "shigeru"), ("清", "きよし", "kiyoshi"), ("幸一", "こういち", "koichi"), ("真一", "しんいち", "shinichi"),
        ("英樹", "ひでき", "hideki"), ("達也", "たつや", "tatsuya"), ("雅人", "まさと", "masato"), ("大輔", "だいすけ", "daisuke"),
        ("健太", "けんた", "kenta"), ("拓也", "たくや", "takuya"), ("亮", "りょう", "ryo"), ("翔", "しょう", "sho"),
        ("翔太", "しょうた", "shota"), ("雄大", "ゆうだい", "yudai"), ("和樹", "かずき", "kazuki"), ("健太郎", "けんたろう", "kentaro"),
        ("太郎", "たろう", "taro"), ("一郎", "いちろう", "ichiro"), ("大樹", "だいき", "daiki"), ("直人", "なおと", "naoto"),
        ("裕太", "ゆうた", "yuta"), ("拓海", "たくみ", "takumi"), ("翼", "つばさ", "tsubasa"), ("駿", "しゅん", "shun"),
        ("涼", "りょう", "ryo"), ("陸", "りく", "riku"), ("蓮", "れん", "ren"), ("悠斗", "ゆうと", "yuto"),
        ("大翔", "ひろと", "hiroto"), ("颯太", "そうた", "sota"), ("陽斗", "はると", "haruto"), ("航", "わたる", "wataru"),
        ("優斗", "ゆうと", "yuto"), ("慎也", "しんや", "shinya"),
    ];

    private static readonly (string Kanji, string Kana, string Romaji)[] FemaleNames =
    [
        ("陽子", "ようこ", "yoko"), ("由美", "ゆみ", "yumi"), ("恵", "めぐみ", "megumi"), ("裕子", "ゆうこ", "yuko"),
        ("久美子", "くみこ", "kumiko"), ("恵子", "けいこ", "keiko"), ("幸子", "さちこ", "sachiko"), ("明美", "あけみ", "akemi"),
        ("直美", "なおみ", "naomi"), ("智子", "ともこ", "tomoko"), ("真由美", "まゆみ", "mayumi"), ("典子", "のりこ", "noriko"),
        ("京子", "きょうこ", "kyoko"), ("洋子", "ようこ", "yoko"), ("美穂", "みほ", "miho"), ("香織", "かおり", "kaori"),
        ("恵美", "えみ", "emi"), ("由紀", "ゆき", "yuki"), ("さゆり", "さゆり", "sayuri"), ("千尋", "ちひろ", "chihiro"),
        ("麻衣", "まい", "mai"), ("愛", "あい", "ai"), ("沙織", "さおり", "saori"), ("友美", "ともみ", "tomomi"),
        ("絵美", "えみ", "emi"), ("舞", "まい", "mai"), ("真理子", "まりこ", "mariko"), ("理恵", "りえ", "rie"),
        ("亜希子", "あきこ", "akiko"), ("彩", "あや", "aya"), ("美咲", "みさき", "misaki"), ("彩花", "あやか", "ayaka"),
        ("優子", "ゆうこ", "yuko"), ("瞳", "ひとみ", "hitomi"), ("遥", "はるか", "haruka"), ("葵", "あおい", "aoi"),
        ("さくら", "さくら", "sakura"), ("菜々子", "ななこ", "nanako"), ("萌", "もえ", "moe"), ("千夏", "ちなつ", "chinatsu"),
        ("結衣", "ゆい", "yui"), ("美月", "みづき", "mizuki"), ("彩乃", "あやの", "ayano"), ("奈央", "なお", "nao"),
        ("沙耶", "さや", "saya"), ("芽衣", "めい", "mei"), ("陽菜", "ひな", "hina"), ("未来", "みく", "miku"),
        ("楓", "かえで", "kaede"), ("詩織", "しおり", "shiori"),
    ];

    private static readonly (string Kanji, string Kana, string Romaji) DemoFamily = ("守屋", "もりや", "moriya");
    private static readonly (string Kanji, string Kana, string Romaji) DemoGiven = ("美咲", "みさき", "misaki");

    private static readonly string[] PositionOrder =
    [
        "市長", "副市長", "教育長", "部長", "次長", "課長", "課長補佐", "係長", "主査", "主任", "主事", "技師", "会計年度任用職員",
    ];

    public static IReadOnlyList<DemoDepartment> Departments { get; } = BuildDepartments();

    public static IReadOnlyList<DemoStaff> Staff { get; } = BuildStaff();

    private static DemoDepartment[] BuildDepartments()
    {
        var result = new DemoDepartment[Units.Length];
        var siblings = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Units.Length; i++)
        {
            var (path, kind, _, _) = Units[i];
            var parent = ParentOf(path);
            siblings[parent] = siblings.GetValueOrDefault(parent) + 1;
            var name = path[(path.LastIndexOf('/') + 1)..];
            result[i] = new DemoDepartment(path, name, kind, siblings[parent] * 10, RegionOf(path) != 0);
        }

        return result;
    }

    private static DemoStaff[] BuildStaff()
    {
        var heads = new List<string>[Units.Length];
        var isLeaf = new bool[Units.Length];
        var headCount = new int[RegionTotals.Length];
        var weightSum = new int[RegionTotals.Length];
        for (var i = 0; i < Units.Length; i++)
        {
            var path = Units[i].Path;
            isLeaf[i] = i + 1 == Units.Length || !Units[i + 1].Path.StartsWith(path + "/", StringComparison.Ordinal);
            heads[i] = HeadsOf(path, Units[i].Kind, isLeaf[i]);
            headCount[RegionOf(path)] += heads[i].Count;
            if (isLeaf[i])
            {
                weightSum[RegionOf(path)] += Units[i].Weight;
            }
        }

        var members = AllocateMembers(isLeaf, headCount, weightSum);
        var generator = new NameGenerator();
        var staff = new List<DemoStaff>(RegionTotals.Sum());
        for (var i = 0; i < Units.Length; i++)
        {
            var (path, kind, _, tech) = Units[i];
            var positions = new List<string>(heads[i]);
            if (isLeaf[i])
            {
                positions.AddRange(RankAndFile(members[i], tech, RegionOf(path), kind != "係"));
            }

            positions.Sort((a, b) => Array.IndexOf(PositionOrder, a).CompareTo(Array.IndexOf(PositionOrder, b)));
            foreach (var position in positions)
            {
                var demo = path == DemoUnit && position == "主事" && !generator.DemoAssigned;
                staff.Add(generator.Create(path, position, demo));
            }
        }

        return [.. staff];
    }

    private static List<string> HeadsOf(string path, string kind, bool isLeaf)
    {
        var heads = new List<string>();
        if (path == ExecutiveUnit)
        {
            heads.Add("市長");
            heads.Add("副市長");
        }

        var topLevel = !path.Contains('/', StringComparison.Ordinal);
        switch (kind)
        {
            case "委員会":
                heads.Add("教育長");
                heads.Add("部長");
                break;
            case "部" or "本部" or "病院":
                heads.Add("部長");
                break;
            case "室":
                heads.Add(topLevel ? "部長" : "課長");
                break;
            case "局":
                heads.Add(path == "議会事務局" ? "部長" : "課長");
                break;
            case "課":
                heads.Add("課長");
                if (!isLeaf)
                {
                    heads.Add("課長補佐");
                }

                break;
            case "係":
                heads.Add("係長");
                break;
            default:
                break;
        }

        if (Array.IndexOf(DeputyHeadUnits, path) >= 0)
        {
            heads.Add("次長");
        }

        return heads;
    }

    /// <summary>Shares each region's remaining staff among its leaf units by weight (largest remainder).</summary>
    private static int[] AllocateMembers(bool[] isLeaf, int[] headCount, int[] weightSum)
    {
        var members = new int[Units.Length];
        var remainders = new List<(int Index, long Remainder)>();
        for (var region = 0; region < RegionTotals.Length; region++)
        {
            var available = RegionTotals[region] - headCount[region];
            var given = 0;
            remainders.Clear();
            for (var i = 0; i < Units.Length; i++)
            {
                if (!isLeaf[i] || RegionOf(Units[i].Path) != region)
                {
                    continue;
                }

                var share = (long)available * Units[i].Weight;
                members[i] = (int)(share / weightSum[region]);
                given += members[i];
                remainders.Add((i, share % weightSum[region]));
            }

            remainders.Sort((a, b) => a.Remainder != b.Remainder ? b.Remainder.CompareTo(a.Remainder) : a.Index.CompareTo(b.Index));
            for (var k = 0; k < available - given; k++)
            {
                members[remainders[k % remainders.Count].Index]++;
            }
        }

        return members;
    }

    private static List<string> RankAndFile(int count, int techPercent, int region, bool sectionLevel)
    {
        var result = new List<string>(count);
        if (sectionLevel && count >= 6)
        {
            result.Add("課長補佐");
            count--;
        }

        var partTimePercent = region switch { 1 => 0, 2 => 15, _ => 20 };
        var partTime = ((count * partTimePercent) + 50) / 100;
        var senior = ((count * 20) + 50) / 100;
        var middle = ((count * 25) + 50) / 100;
        var junior = count - partTime - senior - middle;
        while (junior < 1 && count > 0)
        {
            if (middle > 0)
            {
                middle--;
            }
            else if (partTime > 0)
            {
                partTime--;
            }
            else
            {
                senior--;
            }

            junior++;
        }

        var engineers = ((junior * techPercent) + 50) / 100;
        result.AddRange(Enumerable.Repeat("主査", senior));
        result.AddRange(Enumerable.Repeat("主任", middle));
        result.AddRange(Enumerable.Repeat("主事", junior - engineers));
        result.AddRange(Enumerable.Repeat("技師", engineers));
        result.AddRange(Enumerable.Repeat("会計年度任用職員", partTime));
        return result;
    }

    private static string ParentOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

    private static bool IsUnder(string path, string root) =>
        path == root || path.StartsWith(root + "/", StringComparison.Ordinal);

    private static int RegionOf(string path) => IsUnder(path, FireRoot) ? 1 : IsUnder(path, HospitalRoot) ? 2 : 0;

    /// <summary>Picks names from the tables with a fixed-seed SplitMix64 sequence; no two staff share a full name.</summary>
    private sealed class NameGenerator
    {
        private readonly HashSet<string> _usedNames = new(StringComparer.Ordinal) { DemoFamily.Kanji + DemoGiven.Kanji };
        private readonly HashSet<string> _usedLogins = new(StringComparer.Ordinal) { AdminLogin, DemoStaffLogin };
        private readonly int[] _familyWeights;
        private readonly int _familyTotal;
        private ulong _state = Seed;

        public NameGenerator()
        {
            _familyWeights = new int[FamilyNames.Length + VariantFamilyNames.Length];
            for (var i = 0; i < _familyWeights.Length; i++)
            {
                _familyWeights[i] = i < 24 ? 4 : i < FamilyNames.Length ? 2 : 1;
                _familyTotal += _familyWeights[i];
            }
        }

        public bool DemoAssigned { get; private set; }

        public DemoStaff Create(string path, string position, bool demo)
        {
            if (demo)
            {
                DemoAssigned = true;
                return Make(DemoStaffLogin, DemoFamily, DemoGiven, path, position);
            }

            var female = Next(100) < FemalePercent(path, position);
            var names = female ? FemaleNames : MaleNames;
            var (from, to) = position switch
            {
                "市長" or "副市長" or "教育長" or "部長" or "次長" or "課長" or "課長補佐" => (0, 24),
                "係長" or "主査" => (6, 34),
                "主任" => (18, 44),
                "主事" or "技師" => (24, names.Length),
                _ => (0, names.Length),
            };

            while (true)
            {
                var family = PickFamily();
                var given = names[from + Next(to - from)];
                if (!_usedNames.Add(family.Kanji + given.Kanji))
                {
                    continue;
                }

                var login = family.Romaji + "." + given.Romaji;
                for (var n = 2; !_usedLogins.Add(login); n++)
                {
                    login = family.Romaji + "." + given.Romaji + n.ToString(CultureInfo.InvariantCulture);
                }

                return Make(login, family, given, path, position);
            }
        }

        private static DemoStaff Make(
            string login,
            (string Kanji, string Kana, string Romaji) family,
            (string Kanji, string Kana, string Romaji) given,
            string path,
            string position) =>
            new(login, family.Kanji + Space + given.Kanji, family.Kana + Space + given.Kana, path, position, login + EmailDomain);

        private static int FemalePercent(string path, string position)
        {
            if (IsUnder(path, FireRoot))
            {
                return 5;
            }

            if (IsUnder(path, HospitalRoot + "/看護部"))
            {
                return 85;
            }

            return position switch
            {
                "市長" or "副市長" or "教育長" or "部長" or "次長" => 15,
                "課長" or "課長補佐" => 25,
                "係長" => 35,
                "会計年度任用職員" => 75,
                _ => 45,
            };
        }

        private (string Kanji, string Kana, string Romaji) PickFamily()
        {
            var r = Next(_familyTotal);
            for (var i = 0; i < _familyWeights.Length; i++)
            {
                r -= _familyWeights[i];
                if (r < 0)
                {
                    return i < FamilyNames.Length ? FamilyNames[i] : VariantFamilyNames[i - FamilyNames.Length];
                }
            }

            return FamilyNames[0];
        }

        private int Next(int bound)
        {
            _state += 0x9E3779B97F4A7C15UL;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z % (ulong)bound);
        }
    }
}
