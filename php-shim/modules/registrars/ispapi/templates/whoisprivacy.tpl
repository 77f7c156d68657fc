{* WHOIS privacy (WHOISTRUSTEE) of the domain (docs/module-behaviour.md §3.26). Vars: domainname, protected,
   can_enable (ID protection add-on active in WHMCS), error, successful ("enabled" | "disabled" | ""). *}
<h3>{$_lang.privacy_title|escape} - {$domainname|escape}</h3>
{if $error}
<div class="alert alert-danger" role="alert"><strong>{$_lang.dns_error_label|escape}:</strong> {$error|escape}</div>
{elseif $successful == 'enabled'}
<div class="alert alert-success" role="alert">{$_lang.privacy_enabled_ok|escape}</div>
{elseif $successful == 'disabled'}
<div class="alert alert-success" role="alert">{$_lang.privacy_disabled_ok|escape}</div>
{/if}
<p>{if $protected}{$_lang.privacy_on|escape}{else}{$_lang.privacy_off|escape}{/if}</p>
<form method="post" action="clientarea.php?action=domaindetails&amp;id={$domainid|escape:'url'}&amp;modop=custom&amp;a=whoisprivacy">
{if isset($token)}<input type="hidden" name="token" value="{$token|escape}">{/if}
{if $protected}
<input type="hidden" name="idprotection" value="disable">
<button type="submit" class="btn btn-default">{$_lang.privacy_disable|escape}</button>
{elseif $can_enable}
<input type="hidden" name="idprotection" value="enable">
<button type="submit" class="btn btn-primary">{$_lang.privacy_enable|escape}</button>
{else}
<p class="text-muted">{$_lang.privacy_admin_only|escape}</p>
{/if}
</form>
