using System.Text;
using InfraDedup.Core.Apply;

namespace InfraDedup.Core.Tests.Apply;

public class UnifiedDiffTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Hunks_have_three_lines_of_context_and_correct_ranges()
    {
        var old = string.Concat(Enumerable.Range(1, 20).Select(i => $"line {i}\n"));
        var changed = old.Replace("line 5\n", "line five\n", StringComparison.Ordinal).Replace("line 18\n", "", StringComparison.Ordinal);

        var diff = UnifiedDiff.Render("f.txt", B(old), B(changed));

        Assert.Equal(
            "--- a/f.txt\n+++ b/f.txt\n"
            + "@@ -2,7 +2,7 @@\n line 2\n line 3\n line 4\n-line 5\n+line five\n line 6\n line 7\n line 8\n"
            + "@@ -15,6 +15,5 @@\n line 15\n line 16\n line 17\n-line 18\n line 19\n line 20\n",
            diff);
    }

    [Fact]
    public void Missing_final_newline_and_crlf_are_shown()
    {
        var diff = UnifiedDiff.Render("x", B("a\r\nb"), B("a\nb\n"));

        Assert.Equal("--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-a\r\n-b\n\\ No newline at end of file\n+a\n+b\n", diff);
    }

    [Fact]
    public void Identical_content_has_no_diff_and_binary_content_is_named()
    {
        Assert.Equal(string.Empty, UnifiedDiff.Render("x", B("same\n"), B("same\n")));
        Assert.Equal("Binary files a/x and b/x differ\n", UnifiedDiff.Render("x", [0xFF, 0x0A], B("text\n")));
        Assert.Equal("--- /dev/null\n+++ b/n\n@@ -0,0 +1 @@\n+new\n", UnifiedDiff.Render("n", null, B("new\n")));
    }

    [Fact]
    public void Applying_the_rendered_hunks_reproduces_the_new_text()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 200; trial++)
        {
            var old = Enumerable.Range(0, random.Next(0, 30)).Select(_ => $"l{random.Next(0, 6)}\n").ToList();
            var @new = old.Where(_ => random.Next(4) > 0).Select(l => random.Next(5) == 0 ? $"n{random.Next(0, 6)}\n" : l).ToList();
            if (random.Next(3) == 0)
            {
                @new.Insert(random.Next(0, @new.Count + 1), "added\n");
            }

            var diff = UnifiedDiff.Render("t", B(string.Concat(old)), B(string.Concat(@new)));
            Assert.Equal(string.Concat(@new), Patch(old, diff));
        }
    }

    /// <summary>A minimal patch applier for the property above (context lines must match the old text).</summary>
    private static string Patch(List<string> old, string diff)
    {
        var result = new List<string>();
        var position = 0;
        var lines = diff.Split('\n');
        for (var i = 2; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("@@", StringComparison.Ordinal))
            {
                var oldStart = int.Parse(line.Split(' ')[1][1..].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
                var oldCount = line.Split(' ')[1].Contains(',', StringComparison.Ordinal) ? int.Parse(line.Split(' ')[1].Split(',')[1], System.Globalization.CultureInfo.InvariantCulture) : 1;
                var from = oldCount == 0 ? oldStart : oldStart - 1;
                result.AddRange(old.Skip(position).Take(from - position));
                position = from;
            }
            else if (line.StartsWith(' '))
            {
                Assert.Equal(old[position], line[1..] + "\n");
                result.Add(old[position++]);
            }
            else if (line.StartsWith('-'))
            {
                Assert.Equal(old[position++], line[1..] + "\n");
            }
            else if (line.StartsWith('+'))
            {
                result.Add(line[1..] + "\n");
            }
        }

        result.AddRange(old.Skip(position));
        return string.Concat(result);
    }
}
