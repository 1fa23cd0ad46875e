using Skinner.Envs.Pixels;
using Skinner.Envs.Rendering;

namespace Skinner.Tests.Envs.Pixels;

public class AreaResizeTests
{
    [Fact]
    public void Each_output_pixel_is_the_mean_of_its_block_in_chw_order()
    {
        var frame = new Frame(4, 4);
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 4; x++)
            {
                int k = ((y * 4) + x) * 3;
                frame.Rgb[k] = (byte)(x < 2 ? 255 : 0);
                frame.Rgb[k + 1] = (byte)(y * 10);
                frame.Rgb[k + 2] = 51;
            }
        var r = AreaResize.ToChw(frame, 0, 0, 4, 4, 2, 2);
        Assert.Equal([1f, 0f, 1f, 0f], r[..4]);
        Assert.Equal(5f / 255, r[4], 6);
        Assert.Equal(25f / 255, r[6], 6);
        Assert.All(r[8..], v => Assert.Equal(0.2f, v, 6));
    }

    [Fact]
    public void Fractional_blocks_weigh_partial_pixels()
    {
        var frame = new Frame(1, 3);
        frame.Rgb[0] = 255;
        // Three columns into two: the first output covers column 0 and half of column 1.
        var r = AreaResize.ToChw(frame, 0, 0, 1, 3, 1, 2);
        Assert.Equal(255f / 1.5f / 255, r[0], 6);
        Assert.Equal(0f, r[1]);
    }

    [Fact]
    public void A_region_outside_the_frame_is_an_error()
    {
        var frame = new Frame(4, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => AreaResize.ToChw(frame, 2, 0, 4, 4, 2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => AreaResize.ToChw(frame, 0, 0, 4, 4, 8, 2));
    }
}
