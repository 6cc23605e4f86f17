using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tsunagu.Core.Identity;

namespace Tsunagu.Core.Approvals;

/// <summary>
/// While the delegator is away (出張, 休暇), the delegate may act for them: as 代理 (the approval counts as the
/// delegator's) or as 代決 (the delegate decides; the delegator reviews afterwards, 後閲). Valid between two days.
/// </summary>
public sealed class Delegation
{
    public const int MaxDays = 366;

    private Delegation()
    {
    }

    public Delegation(int delegatorId, int delegateId, ActingAs kind, DateOnly from, DateOnly until, string note, DateTimeOffset now)
    {
        if (delegatorId == delegateId)
        {
            throw new DomainException("delegation.self", "自分自身には委任できません。");
        }

        if (kind == ActingAs.Self)
        {
            throw new DomainException("delegation.kind", "委任の種類を選んでください。");
        }

        if (until < from)
        {
            throw new DomainException("delegation.period", "期間の終了日は開始日以降にしてください。");
        }

        if (until.DayNumber - from.DayNumber >= MaxDays)
        {
            throw new DomainException("delegation.period", $"委任の期間は{MaxDays}日までです。");
        }

        DelegatorId = delegatorId;
        DelegateId = delegateId;
        Kind = kind;
        ValidFrom = from;
        ValidUntil = until;
        Note = (note ?? "").Trim();
        if (Note.Length > 200)
        {
            throw new DomainException("delegation.note", "メモは200文字以内で入力してください。");
        }

        CreatedAt = now;
    }

    public int Id { get; private set; }

    public int DelegatorId { get; private set; }

    public Account? Delegator { get; private set; }

    public int DelegateId { get; private set; }

    public Account? Delegate { get; private set; }

    public ActingAs Kind { get; private set; }

    /// <summary>First day (Tokyo) on which the delegate may act.</summary>
    public DateOnly ValidFrom { get; private set; }

    /// <summary>Last day (Tokyo), inclusive.</summary>
    public DateOnly ValidUntil { get; private set; }

    public string Note { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public bool IsValidOn(DateOnly day) => RevokedAt is null && day >= ValidFrom && day <= ValidUntil;

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;
}

internal sealed class DelegationConfiguration : IEntityTypeConfiguration<Delegation>
{
    public void Configure(EntityTypeBuilder<Delegation> b)
    {
        b.Property(d => d.Note).HasMaxLength(200);
        b.HasOne(d => d.Delegator).WithMany().HasForeignKey(d => d.DelegatorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(d => d.Delegate).WithMany().HasForeignKey(d => d.DelegateId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(d => new { d.DelegateId, d.ValidUntil });
        b.HasIndex(d => new { d.DelegatorId, d.ValidUntil });
    }
}
