using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Tsunagu.Core.Forms;

/// <summary>
/// The arithmetic of Computed fields: numbers, field keys, + - * / with parentheses, unary minus,
/// sum(table.column), count(table), round(x[, n]), floor(x), ceil(x), min(a, b…), max(a, b…).
/// Parsed into a tree once and interpreted, so a stored formula can never run code.
/// Blank values count as 0 and division by zero gives 0: a half-filled form must still show a total.
/// </summary>
public sealed class Formula
{
    private readonly Node root;

    private Formula(string text, Node root)
    {
        Text = text;
        this.root = root;
        var refs = new List<string>();
        var columns = new List<(string, string)>();
        var tables = new List<string>();
        Collect(root, refs, columns, tables);
        References = [.. refs.Distinct(StringComparer.Ordinal)];
        ColumnReferences = [.. columns.Distinct()];
        TableReferences = [.. tables.Distinct(StringComparer.Ordinal)];
    }

    public string Text { get; }

    /// <summary>Bare keys: a same-row column in a table column formula, otherwise a top-level field.</summary>
    public IReadOnlyList<string> References { get; }

    /// <summary>The table.column pairs of sum().</summary>
    public IReadOnlyList<(string Table, string Column)> ColumnReferences { get; }

    /// <summary>Tables read by sum() and count().</summary>
    public IReadOnlyList<string> TableReferences { get; }

    /// <exception cref="FormatException">Japanese message naming the position.</exception>
    public static Formula Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text.Normalize(NormalizationForm.FormKC));
        return new Formula(text, parser.ParseAll());
    }

    public override string ToString() => Text;

    /// <summary>Evaluates a top-level formula against form values.</summary>
    /// <exception cref="OverflowException">The result does not fit a decimal.</exception>
    public decimal Evaluate(JsonObject values) => Evaluate(values, null, null);

    /// <param name="row">The current row for a table column formula.</param>
    /// <param name="rowKeys">The table's column keys: a bare key found here reads the row, not the top level.</param>
    internal decimal Evaluate(JsonObject values, JsonObject? row, IReadOnlyCollection<string>? rowKeys) =>
        Eval(root, values, row, rowKeys);

    private static decimal Number(JsonNode? node) => FormJson.TryGetDecimal(node, out var d) ? d : 0;

    private static IEnumerable<JsonObject> Rows(JsonObject values, string table) =>
        values[table] is JsonArray rows ? rows.OfType<JsonObject>() : [];

    private static decimal Eval(Node node, JsonObject values, JsonObject? row, IReadOnlyCollection<string>? rowKeys)
    {
        decimal E(Node n) => Eval(n, values, row, rowKeys);
        switch (node)
        {
            case NumberNode n:
                return n.Value;
            case RefNode r:
                return row is not null && rowKeys is not null && rowKeys.Contains(r.Key) ? Number(row[r.Key]) : Number(values[r.Key]);
            case NegateNode n:
                return -E(n.Operand);
            case BinaryNode b:
                var left = E(b.Left);
                var right = E(b.Right);
                return b.Op switch
                {
                    '+' => left + right,
                    '-' => left - right,
                    '*' => left * right,
                    _ => right == 0 ? 0 : left / right,
                };
            case SumNode s:
                return Rows(values, s.Table).Aggregate(0m, (total, r) => total + Number(r[s.Column]));
            case CountNode c:
                return Rows(values, c.Table).Count();
            case CallNode c:
                var args = c.Args.Select(E).ToList();
                return c.Name switch
                {
                    "round" => Math.Round(args[0], args.Count > 1 ? (int)Math.Clamp(Math.Round(args[1]), 0, 28) : 0, MidpointRounding.AwayFromZero),
                    "floor" => Math.Floor(args[0]),
                    "ceil" => Math.Ceiling(args[0]),
                    "min" => args.Min(),
                    _ => args.Max(),
                };
            default:
                throw new InvalidOperationException(node.GetType().Name);
        }
    }

    private static void Collect(Node node, List<string> refs, List<(string, string)> columns, List<string> tables)
    {
        switch (node)
        {
            case RefNode r:
                refs.Add(r.Key);
                break;
            case NegateNode n:
                Collect(n.Operand, refs, columns, tables);
                break;
            case BinaryNode b:
                Collect(b.Left, refs, columns, tables);
                Collect(b.Right, refs, columns, tables);
                break;
            case SumNode s:
                columns.Add((s.Table, s.Column));
                tables.Add(s.Table);
                break;
            case CountNode c:
                tables.Add(c.Table);
                break;
            case CallNode c:
                foreach (var a in c.Args)
                {
                    Collect(a, refs, columns, tables);
                }

                break;
        }
    }

    private abstract record Node;

    private sealed record NumberNode(decimal Value) : Node;

    private sealed record RefNode(string Key) : Node;

    private sealed record NegateNode(Node Operand) : Node;

    private sealed record BinaryNode(char Op, Node Left, Node Right) : Node;

    private sealed record SumNode(string Table, string Column) : Node;

    private sealed record CountNode(string Table) : Node;

    private sealed record CallNode(string Name, IReadOnlyList<Node> Args) : Node;

    private sealed class Parser(string text)
    {
        private const int MaxDepth = 64;
        private int pos;
        private int depth;

        public Node ParseAll()
        {
            Skip();
            if (pos >= text.Length)
            {
                throw new FormatException("計算式が空です。");
            }

            var node = Expression();
            Skip();
            return pos < text.Length ? throw Error($"「{text[pos]}」は使えません") : node;
        }

        private Node Expression()
        {
            if (++depth > MaxDepth)
            {
                throw Error("計算式が複雑すぎます");
            }

            var node = Term();
            while (Accept('+') || Accept('-'))
            {
                var op = text[pos - 1];
                node = new BinaryNode(op, node, Term());
            }

            depth--;
            return node;
        }

        private Node Term()
        {
            var node = Unary();
            while (Accept('*') || Accept('/'))
            {
                var op = text[pos - 1];
                node = new BinaryNode(op, node, Unary());
            }

            return node;
        }

        private Node Unary()
        {
            if (Accept('-'))
            {
                if (++depth > MaxDepth)
                {
                    throw Error("計算式が複雑すぎます");
                }

                var operand = Unary();
                depth--;
                return new NegateNode(operand);
            }

            return Accept('+') ? Unary() : Primary();
        }

        private Node Primary()
        {
            Skip();
            if (Accept('('))
            {
                var inner = Expression();
                Expect(')');
                return inner;
            }

            if (pos < text.Length && (char.IsAsciiDigit(text[pos]) || text[pos] == '.'))
            {
                var start = pos;
                while (pos < text.Length && (char.IsAsciiDigit(text[pos]) || text[pos] == '.'))
                {
                    pos++;
                }

                return decimal.TryParse(text.AsSpan(start, pos - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
                    ? new NumberNode(value)
                    : throw Error($"数値「{text[start..pos]}」が正しくありません");
            }

            var name = Identifier() ?? throw Error(pos < text.Length ? $"「{text[pos]}」は使えません" : "式が途中で終わっています");
            if (!Accept('('))
            {
                return pos < text.Length && text[pos] == '.'
                    ? throw Error($"「{name}.」は sum() の中でだけ使えます")
                    : new RefNode(name);
            }

            switch (name)
            {
                case "sum":
                    var table = Identifier() ?? throw Error("sum() には 表.列 を指定してください");
                    Expect('.');
                    var column = Identifier() ?? throw Error("sum() には 表.列 を指定してください");
                    Expect(')');
                    return new SumNode(table, column);
                case "count":
                    var counted = Identifier() ?? throw Error("count() には表のキーを指定してください");
                    Expect(')');
                    return new CountNode(counted);
                case "round" or "floor" or "ceil" or "min" or "max":
                    var args = new List<Node> { Expression() };
                    while (Accept(','))
                    {
                        args.Add(Expression());
                    }

                    Expect(')');
                    var (least, most) = name switch
                    {
                        "round" => (1, 2),
                        "floor" or "ceil" => (1, 1),
                        _ => (2, int.MaxValue),
                    };
                    return args.Count < least || args.Count > most
                        ? throw Error($"{name}() の引数の数が正しくありません")
                        : new CallNode(name, args);
                default:
                    throw Error($"関数「{name}」はありません");
            }
        }

        private string? Identifier()
        {
            Skip();
            if (pos >= text.Length || !char.IsAsciiLetterLower(text[pos]))
            {
                return null;
            }

            var start = pos;
            while (pos < text.Length && (char.IsAsciiLetterLower(text[pos]) || char.IsAsciiDigit(text[pos]) || text[pos] == '_'))
            {
                pos++;
            }

            return text[start..pos];
        }

        private bool Accept(char c)
        {
            Skip();
            if (pos < text.Length && text[pos] == c)
            {
                pos++;
                return true;
            }

            return false;
        }

        private void Expect(char c)
        {
            if (!Accept(c))
            {
                throw Error($"「{c}」がありません");
            }
        }

        private void Skip()
        {
            while (pos < text.Length && char.IsWhiteSpace(text[pos]))
            {
                pos++;
            }
        }

        private FormatException Error(string message) =>
            new(string.Create(CultureInfo.InvariantCulture, $"計算式「{text}」の{pos + 1}文字目: {message}。"));
    }
}
