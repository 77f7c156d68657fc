{* Web Apps (docs/module-behaviour.md §9.5). Vars: domainname, view ("overview" | "connect" | "disconnect"), webapp,
   apps[{id, name, connected, extra[{name, label}]}], dnszone_missing, dnsmanagement, successful
   ("connected" | "disconnected" | ""). *}
<h3>{$_lang.webapps_title|escape} - {$domainname|escape}</h3>
{if $successful == 'connected'}
<div class="alert alert-success" role="alert">{$_lang.webapps_done_connected|escape}</div>
{elseif $successful == 'disconnected'}
<div class="alert alert-success" role="alert">{$_lang.webapps_done_disconnected|escape}</div>
{/if}
{if !$dnsmanagement}
<div class="alert alert-warning" role="alert">{$_lang.webapps_no_dns|escape}</div>
{/if}
{if $view == 'overview'}
<p>{$_lang.webapps_intro|escape}</p>
{if $dnszone_missing}<p class="text-muted">{$_lang.webapps_zone_missing|escape}</p>{/if}
<table class="table table-striped">
<tbody>
{foreach $apps as $app}
<tr>
<td>{$app.name|escape}</td>
<td>{if $app.connected}{$_lang.webapps_connected|escape}{else}{$_lang.webapps_not_connected|escape}{/if}</td>
<td>
{if $app.connected}
<a class="btn btn-default" href="clientarea.php?action=domaindetails&amp;id={$domainid|escape:'url'}&amp;modop=custom&amp;a=webapps&amp;subaction=disconnect&amp;webapp={$app.id|escape:'url'}">{$_lang.webapps_disconnect|escape}</a>
{elseif $dnsmanagement}
<a class="btn btn-primary" href="clientarea.php?action=domaindetails&amp;id={$domainid|escape:'url'}&amp;modop=custom&amp;a=webapps&amp;subaction=connect&amp;webapp={$app.id|escape:'url'}">{$_lang.webapps_connect|escape}</a>
{/if}
</td>
</tr>
{/foreach}
</tbody>
</table>
{else}
{foreach $apps as $app}{if $app.id == $webapp}
<h4>{$app.name|escape}</h4>
<form method="post" action="clientarea.php?action=domaindetails&amp;id={$domainid|escape:'url'}&amp;modop=custom&amp;a=webapps">
{if isset($token)}<input type="hidden" name="token" value="{$token|escape}">{/if}
<input type="hidden" name="webapp" value="{$app.id|escape}">
{if $view == 'connect'}
<input type="hidden" name="subaction" value="doconnect">
{foreach $app.extra as $field}
{assign var=labelkey value="webapps_`$field.name`"}
<div class="form-group">
<label for="ispapi-{$field.name|escape}">{if isset($_lang.$labelkey)}{$_lang.$labelkey|escape}{else}{$field.label|escape}{/if}</label>
<input type="text" class="form-control" id="ispapi-{$field.name|escape}" name="{$field.name|escape}" value="">
</div>
{/foreach}
<button type="submit" class="btn btn-primary">{$_lang.webapps_connect|escape}</button>
{else}
<input type="hidden" name="subaction" value="dodisconnect">
<p>{$_lang.webapps_confirm_disconnect|escape}</p>
<button type="submit" class="btn btn-danger">{$_lang.webapps_disconnect|escape}</button>
{/if}
<a class="btn btn-default" href="clientarea.php?action=domaindetails&amp;id={$domainid|escape:'url'}&amp;modop=custom&amp;a=webapps">{$_lang.webapps_back|escape}</a>
</form>
{/if}{/foreach}
{/if}
