using System.Text;
using System.Text.Json;
using Skinner.Envs.MinAtar;

namespace Skinner.Tests;

/// <summary>
/// Reads and writes the golden files' MinAtar snapshots (the complete game state, one flat list per game,
/// as each file's <c>snapshot_layout</c> spells out) and observations (one 100-character '0'/'1' string per
/// channel, index <c>y*10 + x</c>).
/// </summary>
internal static class MinAtarSnapshots
{
    public static MinAtarGame ParseGame(string? name) => name switch
    {
        "breakout" => MinAtarGame.Breakout,
        "asterix" => MinAtarGame.Asterix,
        "freeway" => MinAtarGame.Freeway,
        "seaquest" => MinAtarGame.Seaquest,
        "space_invaders" or "spaceinvaders" => MinAtarGame.SpaceInvaders,
        _ => throw new InvalidDataException($"Unknown MinAtar game '{name}' in a golden file."),
    };

    /// <summary>The game's state as the snapshot's top-level items, each in canonical text (see <see cref="Canon(JsonElement)"/>).</summary>
    public static string[] Capture(IMinAtarGame game) => game switch
    {
        Breakout b =>
        [
            .. Ints(b.BallX, b.BallY, b.BallDir, b.Pos, b.LastX, b.LastY), Bit(b.Strike), Bit(b.IsTerminal), Bits(b.Bricks),
        ],
        Asterix a =>
        [
            .. Ints(a.PlayerX, a.PlayerY, a.SpawnSpeed, a.SpawnTimer, a.MoveSpeed, a.MoveTimer, a.RampTimer, a.RampIndex),
            Bit(a.IsTerminal),
            List(a.Entities.Select(e => e is null ? "null" : List(Ints(e.X, e.Y).Append(Bit(e.MovesRight)).Append(Bit(e.IsGold))))),
        ],
        Freeway f =>
        [
            .. Ints(f.Pos, f.MoveTimer, f.TerminateTimer), Bit(f.IsTerminal),
            List(f.Cars.Select(c => List(Ints(c.X, c.Y, c.Timer, c.Speed)))),
        ],
        Seaquest s =>
        [
            .. Ints(s.Oxygen, s.DiverCount, s.SubX, s.SubY), Bit(s.SubOr),
            .. Ints(s.ESpawnSpeed, s.ESpawnTimer, s.DSpawnTimer, s.MoveSpeed, s.RampIndex, s.ShotTimerLeft),
            Bit(s.Surface), Bit(s.IsTerminal),
            .. new[] { s.FBullets, s.EBullets, s.EFish, s.ESubs, s.Divers }.Select(l => List(l.Select(o => List(Ints(o))))),
        ],
        SpaceInvaders v =>
        [
            .. Ints(v.Pos, v.AlienDir, v.EnemyMoveInterval, v.AlienMoveTimer, v.AlienShotTimer, v.RampIndex, v.ShotTimer),
            Bit(v.IsTerminal), Bits(v.AlienMap), Bits(v.FBulletMap), Bits(v.EBulletMap),
        ],
        _ => throw new ArgumentException($"No snapshot layout for {game.GetType().Name}."),
    };

    /// <summary>Sets the game's whole state from a snapshot.</summary>
    public static void Load(IMinAtarGame game, JsonElement snapshot)
    {
        var s = snapshot.EnumerateArray().ToArray();
        switch (game)
        {
            case Breakout b:
                (b.BallX, b.BallY, b.BallDir, b.Pos, b.LastX, b.LastY) = (Int(s[0]), Int(s[1]), Int(s[2]), Int(s[3]), Int(s[4]), Int(s[5]));
                (b.Strike, b.IsTerminal) = (Flag(s[6]), Flag(s[7]));
                ReadBits(s[8], b.Bricks);
                break;
            case Asterix a:
                (a.PlayerX, a.PlayerY, a.SpawnSpeed, a.SpawnTimer) = (Int(s[0]), Int(s[1]), Int(s[2]), Int(s[3]));
                (a.MoveSpeed, a.MoveTimer, a.RampTimer, a.RampIndex) = (Int(s[4]), Int(s[5]), Int(s[6]), Int(s[7]));
                a.IsTerminal = Flag(s[8]);
                var slots = s[9].EnumerateArray().ToArray();
                for (int i = 0; i < a.Entities.Length; i++)
                {
                    a.Entities[i] = slots[i].ValueKind == JsonValueKind.Null ? null : new AsterixEntity
                    {
                        X = Int(slots[i][0]), Y = Int(slots[i][1]), MovesRight = Flag(slots[i][2]), IsGold = Flag(slots[i][3]),
                    };
                }
                break;
            case Freeway f:
                (f.Pos, f.MoveTimer, f.TerminateTimer, f.IsTerminal) = (Int(s[0]), Int(s[1]), Int(s[2]), Flag(s[3]));
                var cars = s[4].EnumerateArray().ToArray();
                for (int i = 0; i < f.Cars.Length; i++)
                    (f.Cars[i].X, f.Cars[i].Y, f.Cars[i].Timer, f.Cars[i].Speed) = (Int(cars[i][0]), Int(cars[i][1]), Int(cars[i][2]), Int(cars[i][3]));
                break;
            case Seaquest q:
                (q.Oxygen, q.DiverCount, q.SubX, q.SubY, q.SubOr) = (Int(s[0]), Int(s[1]), Int(s[2]), Int(s[3]), Flag(s[4]));
                (q.ESpawnSpeed, q.ESpawnTimer, q.DSpawnTimer, q.MoveSpeed, q.RampIndex, q.ShotTimerLeft) =
                    (Int(s[5]), Int(s[6]), Int(s[7]), Int(s[8]), Int(s[9]), Int(s[10]));
                (q.Surface, q.IsTerminal) = (Flag(s[11]), Flag(s[12]));
                var lists = new[] { q.FBullets, q.EBullets, q.EFish, q.ESubs, q.Divers };
                for (int k = 0; k < lists.Length; k++)
                {
                    lists[k].Clear();
                    foreach (var o in s[13 + k].EnumerateArray()) lists[k].Add([.. o.EnumerateArray().Select(Int)]);
                }
                break;
            case SpaceInvaders v:
                (v.Pos, v.AlienDir, v.EnemyMoveInterval, v.AlienMoveTimer) = (Int(s[0]), Int(s[1]), Int(s[2]), Int(s[3]));
                (v.AlienShotTimer, v.RampIndex, v.ShotTimer, v.IsTerminal) = (Int(s[4]), Int(s[5]), Int(s[6]), Flag(s[7]));
                ReadBits(s[8], v.AlienMap);
                ReadBits(s[9], v.FBulletMap);
                ReadBits(s[10], v.EBulletMap);
                break;
            default:
                throw new ArgumentException($"No snapshot layout for {game.GetType().Name}.");
        }
    }

    /// <summary>
    /// Canonical text of a snapshot item: integers as written, booleans as 0/1 (Python compares them as
    /// equal, and the files write entity flags as 0/1 but top-level flags as booleans), lists in brackets.
    /// </summary>
    public static string Canon(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
        JsonValueKind.True => "1",
        JsonValueKind.False => "0",
        JsonValueKind.Null => "null",
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.Array => List(e.EnumerateArray().Select(Canon)),
        _ => throw new InvalidDataException($"Unexpected {e.ValueKind} in a MinAtar snapshot."),
    };

    /// <summary>The observation (<c>[y, x, c]</c>) as one '0'/'1' string per channel.</summary>
    public static string[] ObsStrings(ReadOnlySpan<float> obs, int channels)
    {
        var rows = new string[channels];
        var sb = new StringBuilder(100);
        for (int c = 0; c < channels; c++)
        {
            sb.Clear();
            for (int cell = 0; cell < 100; cell++) sb.Append(obs[(cell * channels) + c] != 0 ? '1' : '0');
            rows[c] = sb.ToString();
        }
        return rows;
    }

    private static int Int(JsonElement e) => e.GetInt32();

    private static bool Flag(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => e.GetInt32() != 0,
    };

    private static void ReadBits(JsonElement e, bool[] map)
    {
        string bits = e.GetString()!;
        if (bits.Length != map.Length) throw new InvalidDataException($"A map of {bits.Length} cells where {map.Length} were expected.");
        for (int i = 0; i < map.Length; i++) map[i] = bits[i] == '1';
    }

    private static IEnumerable<string> Ints(params int[] values) => values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static string Bit(bool b) => b ? "1" : "0";

    private static string Bits(bool[] map) => string.Concat(map.Select(b => b ? '1' : '0'));

    private static string List(IEnumerable<string> items) => "[" + string.Join(",", items) + "]";
}
