{* Private nameservers registered under the domain (docs/module-behaviour.md §3.26). Vars: domainname, hosts[{hostname, ips[]}]. *}
<h3>{$_lang.pns_title|escape} - {$domainname|escape}</h3>
<p>{$_lang.pns_intro|escape}</p>
{if $hosts}
<table class="table table-striped">
<thead><tr><th>{$_lang.pns_hostname|escape}</th><th>{$_lang.pns_ips|escape}</th></tr></thead>
<tbody>
{foreach $hosts as $host}
<tr><td>{$host.hostname|escape}</td><td>{foreach $host.ips as $ip}{$ip|escape}{if !$ip@last}, {/if}{/foreach}</td></tr>
{/foreach}
</tbody>
</table>
{else}
<div class="alert alert-info" role="alert">{$_lang.pns_none|escape}</div>
{/if}
