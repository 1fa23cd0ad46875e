namespace Skinner.Envs.MinAtar;

/// <summary>The five MinAtar games.</summary>
public enum MinAtarGame
{
    /// <summary>Break bricks with a ball and a paddle.</summary>
    Breakout,

    /// <summary>Collect gold and dodge enemies that cross the screen.</summary>
    Asterix,

    /// <summary>Lead a chicken across eight lanes of traffic.</summary>
    Freeway,

    /// <summary>Shoot fish and subs, rescue divers, surface for oxygen.</summary>
    Seaquest,

    /// <summary>Shoot down a descending wave of aliens.</summary>
    SpaceInvaders,
}
