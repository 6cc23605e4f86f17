using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Data;

namespace Tsunagu.Core.Approvals;

/// <summary>A delegation as its two people see it.</summary>
public sealed record DelegationView(int Id, int DelegatorId, string DelegatorName, int DelegateId, string DelegateName, ActingAs Kind, DateOnly ValidFrom, DateOnly ValidUntil, string Note, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>One's delegations (代理承認・代決): giving one, revoking it, and listing those given and received. Each change is audited.</summary>
public sealed class DelegationService(AppDbContext db, TimeProvider clock, AuditLog audit)
{
    /// <exception cref="DomainException">The delegate is unknown or inactive, or the period or kind is not valid.</exception>
    public async Task<Delegation> CreateAsync(ApprovalViewer viewer, int delegateId, ActingAs kind, DateOnly from, DateOnly until, string? note, CancellationToken cancellationToken = default)
    {
        if (!await db.Users.AnyAsync(a => a.Id == delegateId && a.IsActive, cancellationToken))
        {
            throw new DomainException("delegation.delegate", "委任先の職員が見つかりません。");
        }

        var now = Clock.Truncate(clock.GetUtcNow());
        if (until < Clock.TokyoDate(now))
        {
            throw new DomainException("delegation.period", "終了日が過ぎた委任は登録できません。");
        }

        var delegation = new Delegation(viewer.AccountId, delegateId, kind, from, until, note ?? "", now);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Delegations.Add(delegation);
        await db.SaveChangesAsync(cancellationToken);
        audit.Record(viewer.Actor, "delegation.created", Target(delegation.Id),
            string.Create(CultureInfo.InvariantCulture, $"delegate {delegateId}, {kind}, {from:yyyy-MM-dd}..{until:yyyy-MM-dd}"));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return delegation;
    }

    /// <summary>Revokes one's own delegation (the delegator's; an administrator may revoke any). Revoking twice changes nothing.</summary>
    /// <exception cref="AccessDeniedException">Not the viewer's delegation.</exception>
    public async Task RevokeAsync(ApprovalViewer viewer, int delegationId, CancellationToken cancellationToken = default)
    {
        var delegation = await db.Delegations.FirstOrDefaultAsync(d => d.Id == delegationId, cancellationToken);
        if (delegation is null || (delegation.DelegatorId != viewer.AccountId && !viewer.IsAdministrator))
        {
            throw new AccessDeniedException("この委任を取り消す権限がありません。");
        }

        if (delegation.RevokedAt is not null)
        {
            return;
        }

        delegation.Revoke(Clock.Truncate(clock.GetUtcNow()));
        audit.Record(viewer.Actor, "delegation.revoked", Target(delegation.Id), string.Create(CultureInfo.InvariantCulture, $"delegate {delegation.DelegateId}"));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Delegations the account gave (<paramref name="given"/>) or received that are not over: not revoked, not ended before today.</summary>
    public async Task<List<DelegationView>> ListAsync(int accountId, bool given, CancellationToken cancellationToken = default)
    {
        var today = Clock.TokyoDate(clock.GetUtcNow());
        var query = db.Delegations.AsNoTracking().Where(d => d.RevokedAt == null && d.ValidUntil >= today);
        query = given ? query.Where(d => d.DelegatorId == accountId) : query.Where(d => d.DelegateId == accountId);
        return await query.OrderBy(d => d.ValidFrom).ThenBy(d => d.Id)
            .Select(d => new DelegationView(d.Id, d.DelegatorId, d.Delegator!.DisplayName, d.DelegateId, d.Delegate!.DisplayName, d.Kind, d.ValidFrom, d.ValidUntil, d.Note, d.CreatedAt, d.RevokedAt))
            .ToListAsync(cancellationToken);
    }

    private static string Target(int id) => string.Create(CultureInfo.InvariantCulture, $"delegation:{id}");
}
