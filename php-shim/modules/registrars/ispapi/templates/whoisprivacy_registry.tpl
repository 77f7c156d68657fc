{* Free registry WHOIS privacy of .ca/.se/.nz for individuals (docs/module-behaviour.md §9.4). Vars: domainname, tld,
   protectable (decided by the bridge), protected, error, successful ("enabled" | "disabled" | ""),
   unavailable (set when the registry API behind the module cannot switch it: the notice to show). *}
<h3>{$_lang.privacy_registry_title|escape} - {$domainname|escape}</h3>
{if $error}
<div class="alert alert-danger" role="alert"><strong>{$_lang.dns_error_label|escape}:</strong> {$error|escape}</div>
{elseif $successful == 'enabled'}
<div class="alert alert-success" role="alert">{$_lang.privacy_enabled_ok|escape}</div>
{elseif $successful == 'disabled'}
<div class="alert alert-success" role="alert">{$_lang.privacy_disabled_ok|escape}</div>
{/if}
<p>{$_lang.privacy_registry_intro|escape} (.{$tld|escape})</p>
{if isset($unavailable) && $unavailable}
<div class="alert alert-info" role="alert">{$unavailable|escape}</div>
{elseif $protectable}
<p>{if $protected}{$_lang.privacy_on|escape}{else}{$_lang.privacy_off|escape}{/if}</p>
<form method="post" action="clientarea.php?action=domaindetails&amp;id={$domainid|escape:'url'}&amp;modop=custom&amp;a=whoisprivacy_{$tld|escape:'url'}">
{if isset($token)}<input type="hidden" name="token" value="{$token|escape}">{/if}
{if $protected}
<input type="hidden" name="idprotection" value="disable">
<button type="submit" class="btn btn-default">{$_lang.privacy_disable|escape}</button>
{else}
<input type="hidden" name="idprotection" value="enable">
<button type="submit" class="btn btn-primary">{$_lang.privacy_enable|escape}</button>
{/if}
</form>
{else}
<div class="alert alert-warning" role="alert">{$_lang.privacy_registry_org|escape}</div>
{/if}
