using Skinner.Envs.MinAtar;

namespace Skinner.Envs;

public static partial class Envs
{
    // As minatar/gym.py registers them: -v0 with all six actions, -v1 with the game's minimal action set,
    // sticky_action_prob 0.1, difficulty ramping on, and no time limit or reward threshold.
    static partial void RegisterMinAtar(Action<EnvSpec> add)
    {
        (MinAtarGame Game, string Blurb)[] games =
        [
            (MinAtarGame.Breakout, "break bricks with a ball and paddle"),
            (MinAtarGame.Asterix, "collect gold, dodge enemies crossing the lanes"),
            (MinAtarGame.Freeway, "lead a chicken across eight lanes of traffic"),
            (MinAtarGame.Seaquest, "shoot fish and subs, rescue divers, surface for oxygen"),
            (MinAtarGame.SpaceInvaders, "shoot down a descending wave of aliens"),
        ];
        foreach (var (game, blurb) in games)
        {
            var g = game;
            add(new EnvSpec($"MinAtar/{g}-v0", () => new MinAtarEnv(g), null, null,
                $"MinAtar {g}: {blurb}; 10x10 binary grid, 6 actions, sticky actions 0.1."));
            int n = MinAtarEnv.MinimalActionSet(g).Count;
            add(new EnvSpec($"MinAtar/{g}-v1", () => new MinAtarEnv(g, minimalActionSet: true), null, null,
                $"MinAtar {g}: {blurb}; 10x10 binary grid, minimal set of {n} actions, sticky actions 0.1."));
        }
    }
}
