using System.Text.Json.Serialization;

namespace Tsunagu.Core.Forms;

public enum FieldType { Text, MultiLine, Number, Currency, Date, DateRange, Select, Radio, Checkbox, Staff, Department, File, Table, Computed }

public sealed class FormField
{
    internal const int DefaultTextMaxLength = 200;
    internal const int DefaultMultiLineMaxLength = 4000;
    internal const int DefaultMaxRows = 50;

    public string Key { get; set; } = "";
    public string Label { get; set; } = "";
    public FieldType Type { get; set; }
    public bool Required { get; set; }
    public string? Help { get; set; }
    public List<string> Options { get; set; } = [];
    public int? MaxLength { get; set; }
    public decimal? Min { get; set; }
    public decimal? Max { get; set; }
    public List<FormField> Columns { get; set; } = [];
    public int? MaxRows { get; set; }
    public string? Formula { get; set; }

    /// <summary>
    /// Computed only: Number or Currency. When absent, a computed field is Currency as soon as its formula
    /// reads a Currency field (quantity × unit_price is yen), which the schema infers on load.
    /// </summary>
    public FieldType? ResultType { get; set; }

    public Condition? VisibleWhen { get; set; }
    public Condition? RequiredWhen { get; set; }

    /// <summary>Filled by <see cref="FormSchema"/> so display and rounding need no schema at hand.</summary>
    [JsonIgnore]
    internal bool InferredCurrency { get; set; }

    [JsonIgnore]
    public int EffectiveMaxLength => MaxLength ?? (Type == FieldType.MultiLine ? DefaultMultiLineMaxLength : DefaultTextMaxLength);

    [JsonIgnore]
    public int EffectiveMaxRows => MaxRows ?? DefaultMaxRows;

    /// <summary>True for Currency fields and for Computed fields whose result is yen.</summary>
    [JsonIgnore]
    public bool IsCurrency => Type == FieldType.Currency
        || (Type == FieldType.Computed && (ResultType == FieldType.Currency || (ResultType is null && InferredCurrency)));

    [JsonIgnore]
    public bool IsNumeric => Type is FieldType.Number or FieldType.Currency or FieldType.Computed;

    [JsonIgnore]
    internal bool HasOptions => Type is FieldType.Select or FieldType.Radio or FieldType.Checkbox;
}
