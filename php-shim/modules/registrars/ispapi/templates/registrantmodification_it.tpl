{* Change of Registrant for .it (docs/module-behaviour.md §6.4; app/registrar/registrant_pages.py).
   Vars: domainname, tld, contact[{label, lang_key, value, required}], fields[{Name, DisplayName, Type, Required,
   choices[{value, label}]}], posted{Name: value}, error | successful. *}
<h3>{$_lang.regmod_title|escape} - {$domainname|escape}</h3>
{if !empty($error)}
<div class="alert alert-danger" role="alert"><strong>{$_lang.regmod_error|escape}</strong> {$error|escape}</div>
{/if}
{if !empty($successful)}
<div class="alert alert-success" role="alert"><strong>{$_lang.regmod_success|escape}</strong> {$successful|escape}</div>
{/if}
<p>{$_lang.regmod_intro_it|escape}</p>
{if !empty($contact)}
<form method="post" action="">
{if isset($token)}<input type="hidden" name="token" value="{$token|escape}">{/if}
<h4>{$_lang.regmod_new_registrant|escape}</h4>
{foreach $contact as $row}
<div class="form-group">
<label for="regmod{$row@index}">{$_lang[$row.lang_key]|default:$row.label|escape}{if $row.required} *{/if}</label>
<input type="text" class="form-control" id="regmod{$row@index}" name="contactdetails[Registrant][{$row.label|escape}]" value="{$row.value|escape}"{if $row.required} required{/if}>
</div>
{/foreach}
{if !empty($fields)}
<h4>{$_lang.regmod_additional|escape}</h4>
{foreach $fields as $field}
{assign var=current value=''}{if isset($posted[$field.Name])}{assign var=current value=$posted[$field.Name]}{/if}
<div class="form-group">
{if $field.Type == 'tickbox'}
<label><input type="checkbox" name="additionalfields[{$field.Name|escape}]" value="on"{if $current} checked{/if}> {$field.DisplayName|default:$field.Name|escape}{if $field.Required} *{/if}</label>
{elseif $field.Type == 'dropdown'}
<label>{$field.DisplayName|default:$field.Name|escape}{if $field.Required} *{/if}</label>
<select class="form-control" name="additionalfields[{$field.Name|escape}]">
{foreach $field.choices as $choice}<option value="{$choice.value|escape}"{if $choice.value == $current} selected{/if}>{$choice.label|escape}</option>{/foreach}
</select>
{else}
<label>{$field.DisplayName|default:$field.Name|escape}{if $field.Required} *{/if}</label>
<input type="text" class="form-control" name="additionalfields[{$field.Name|escape}]" value="{$current|escape}">
{/if}
</div>
{/foreach}
{/if}
<button type="submit" name="submit" value="1" class="btn btn-primary">{$_lang.regmod_submit|escape}</button>
</form>
{/if}
