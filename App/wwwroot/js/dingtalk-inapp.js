// DingTalk's in-app sign-in (免登): ask DingTalk's JSAPI for a one-time code and post it with the page's form.
// /signin includes this file only inside DingTalk's client, on the micro app's home URL. It never retries: a failure
// is shown, and the password form and the DingTalk button stay there to use.
// The code's exchange: https://open.dingtalk.com/document/orgapp/obtain-the-userid-of-a-user-by-using-the-log-free
(function () {
  'use strict';
  var form = document.getElementById('dingtalk-inapp');
  if (!form) {
    return;
  }

  var status = document.getElementById('dingtalk-inapp-status');
  var failed = document.getElementById('dingtalk-inapp-failed');
  var settled = false;

  function fail() {
    if (settled) {
      return;
    }
    settled = true;
    if (status) {
      status.hidden = true;
    }
    if (failed) {
      failed.hidden = false;
    }
  }

  function submit(result) {
    var code = result && (result.code || result.authCode);
    if (settled) {
      return;
    }
    if (!code) {
      fail();
      return;
    }
    settled = true;
    form.elements.namedItem('code').value = code;
    form.submit();
  }

  var dd = window.dd;
  if (!dd) {
    fail();
    return;
  }

  // The new API takes success/fail and the clientId; older clients only know runtime.permission with onSuccess/onFail.
  var request = {
    corpId: form.getAttribute('data-corp-id'),
    clientId: form.getAttribute('data-client-id'),
    success: submit,
    fail: fail,
    onSuccess: submit,
    onFail: fail
  };

  function start() {
    try {
      var pending = null;
      if (typeof dd.requestAuthCode === 'function') {
        pending = dd.requestAuthCode(request);
      } else if (dd.runtime && dd.runtime.permission && typeof dd.runtime.permission.requestAuthCode === 'function') {
        pending = dd.runtime.permission.requestAuthCode(request);
      } else {
        fail();
      }
      if (pending && typeof pending.then === 'function') {
        pending.then(submit, fail);
      }
    } catch (e) {
      fail();
    }
  }

  if (typeof dd.error === 'function') {
    dd.error(fail);
  }
  if (typeof dd.ready === 'function') {
    dd.ready(start);
  } else {
    start();
  }
})();
