{* Shown instead of a module page when the registrar service could not answer. *}
<div class="alert alert-danger" role="alert">
    <strong>{$_lang.page_error_title|escape}</strong>
    <p>{$error|escape}</p>
</div>
