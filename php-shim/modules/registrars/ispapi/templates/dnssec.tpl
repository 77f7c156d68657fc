{* DNSSEC management (docs/module-behaviour.md §9.3): DS and DNSKEY rows, maxSigLife. Vars: domainname, secdnsds[],
   secdnskey[], maxsiglife, error, error_field, successful, and maxsiglife_offered (false where the registry has
   no maxSigLife setting: the field is left out). One empty row of each kind is offered for additions. *}
<h3>{$_lang.dnssec_title|escape} - {$domainname|escape}</h3>
{if $error}
<div class="alert alert-danger" role="alert"><strong>{$_lang.dns_error_label|escape}:</strong> {$error|escape}</div>
{elseif $successful}
<div class="alert alert-success" role="alert">{$_lang.dns_saved|escape}</div>
{/if}
<p>{$_lang.dnssec_intro|escape}</p>
<form method="post" action="clientarea.php?action=domaindetails&amp;id={$domainid|escape:'url'}&amp;modop=custom&amp;a=dnssec">
{if isset($token)}<input type="hidden" name="token" value="{$token|escape}">{/if}
<input type="hidden" name="submit" value="1">
{assign var=nds value=0}{foreach $secdnsds as $x}{assign var=nds value=$nds+1}{/foreach}
{assign var=nkey value=0}{foreach $secdnskey as $x}{assign var=nkey value=$nkey+1}{/foreach}
<h4>{$_lang.dnssec_ds_title|escape}</h4>
<table class="table table-striped">
<thead><tr><th>{$_lang.dnssec_keytag|escape}</th><th>{$_lang.dnssec_alg|escape}</th><th>{$_lang.dnssec_digesttype|escape}</th><th>{$_lang.dnssec_digest|escape}</th></tr></thead>
<tbody>
{foreach $secdnsds as $i => $ds}
<tr>
<td><input type="text" class="form-control" name="SECDNS-DS[{$i|escape}][keytag]" value="{$ds.keytag|escape}"></td>
<td><input type="text" class="form-control" name="SECDNS-DS[{$i|escape}][alg]" value="{$ds.alg|escape}"></td>
<td><input type="text" class="form-control" name="SECDNS-DS[{$i|escape}][digesttype]" value="{$ds.digesttype|escape}"></td>
<td><input type="text" class="form-control" name="SECDNS-DS[{$i|escape}][digest]" value="{$ds.digest|escape}"></td>
</tr>
{/foreach}
<tr>
<td><input type="text" class="form-control" name="SECDNS-DS[{$nds}][keytag]" value=""></td>
<td><input type="text" class="form-control" name="SECDNS-DS[{$nds}][alg]" value=""></td>
<td><input type="text" class="form-control" name="SECDNS-DS[{$nds}][digesttype]" value=""></td>
<td><input type="text" class="form-control" name="SECDNS-DS[{$nds}][digest]" value=""></td>
</tr>
</tbody>
</table>
<h4>{$_lang.dnssec_key_title|escape}</h4>
<table class="table table-striped">
<thead><tr><th>{$_lang.dnssec_flags|escape}</th><th>{$_lang.dnssec_protocol|escape}</th><th>{$_lang.dnssec_alg|escape}</th><th>{$_lang.dnssec_pubkey|escape}</th></tr></thead>
<tbody>
{foreach $secdnskey as $i => $key}
<tr>
<td><input type="text" class="form-control" name="SECDNS-KEY[{$i|escape}][flags]" value="{$key.flags|escape}"></td>
<td><input type="text" class="form-control" name="SECDNS-KEY[{$i|escape}][protocol]" value="{$key.protocol|escape}"></td>
<td><input type="text" class="form-control" name="SECDNS-KEY[{$i|escape}][alg]" value="{$key.alg|escape}"></td>
<td><textarea class="form-control" name="SECDNS-KEY[{$i|escape}][pubkey]">{$key.pubkey|escape}</textarea></td>
</tr>
{/foreach}
<tr>
<td><input type="text" class="form-control" name="SECDNS-KEY[{$nkey}][flags]" value=""></td>
<td><input type="text" class="form-control" name="SECDNS-KEY[{$nkey}][protocol]" value=""></td>
<td><input type="text" class="form-control" name="SECDNS-KEY[{$nkey}][alg]" value=""></td>
<td><textarea class="form-control" name="SECDNS-KEY[{$nkey}][pubkey]"></textarea></td>
</tr>
</tbody>
</table>
{if !isset($maxsiglife_offered) || $maxsiglife_offered}
<div class="form-group">
<label for="ispapi-maxsiglife">{$_lang.dnssec_maxsiglife|escape}</label>
<input type="text" class="form-control" id="ispapi-maxsiglife" name="MAXSIGLIFE" value="{$maxsiglife|escape}">
</div>
{/if}
<button type="submit" class="btn btn-primary">{$_lang.dnssec_save|escape}</button>
</form>
