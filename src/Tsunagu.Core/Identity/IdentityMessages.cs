using Microsoft.AspNetCore.Identity;

namespace Tsunagu.Core.Identity;

/// <summary>Japanese wording for Identity's error codes.</summary>
public static class IdentityMessages
{
    public static string Japanese(IdentityError error) => error.Code switch
    {
        "DuplicateUserName" => "このログインIDはすでに使われています。",
        "InvalidUserName" => "ログインIDに使えない文字が含まれています。",
        "DuplicateEmail" => "このメールアドレスはすでに使われています。",
        "InvalidEmail" => "メールアドレスの形式が正しくありません。",
        "PasswordTooShort" => "パスワードが短すぎます。",
        "PasswordRequiresNonAlphanumeric" => "パスワードには記号を含めてください。",
        "PasswordRequiresDigit" => "パスワードには数字を含めてください。",
        "PasswordRequiresLower" => "パスワードには英小文字を含めてください。",
        "PasswordRequiresUpper" => "パスワードには英大文字を含めてください。",
        "PasswordRequiresUniqueChars" => "パスワードに使う文字の種類を増やしてください。",
        "PasswordMismatch" => "現在のパスワードが正しくありません。",
        _ => error.Description,
    };
}
