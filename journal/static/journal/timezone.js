// Sign-up: preselect the browser's time zone, so "today" starts at the person's midnight.
document.addEventListener("DOMContentLoaded", () => {
  const select = document.getElementById("id_time_zone");
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (select && zone && [...select.options].some((option) => option.value === zone)) {
    select.value = zone;
  }
});
