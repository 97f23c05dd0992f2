package org.tokenstats.jobs.release;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.tokenstats.common.config.SettingKeys;
import org.tokenstats.common.config.Settings;
import org.tokenstats.common.errors.Errors;

/**
 * Who publishes a release and where its readers turn: from the settings, recorded in the manifest's
 * configuration so that a reproduction names and links the same. Links are checked here (an e-mail
 * address or an http(s) URL), so a setting can never put a script into a bulletin.
 *
 * @param contact an e-mail address, an http(s) URL, or empty
 * @param methodologyUrl an http(s) URL, or empty (the bulletin then links the README's notes)
 * @param sdmxAgency the SDMX agency id owning the SDMX editions' structure
 */
record Publisher(String name, String contact, String methodologyUrl, String sdmxAgency) {
  static final String DEFAULT_NAME = "tokenstats";
  static final String DEFAULT_AGENCY = "TOKENSTATS";
  private static final Pattern AGENCY = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
  private static final Pattern EMAIL =
      Pattern.compile("[^@\\s<>\"']+@[^@\\s<>\"']+\\.[^@\\s<>\"']+");
  private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"']+");

  static Publisher of(Settings s) {
    Publisher p =
        new Publisher(
            s.get(SettingKeys.RELEASE_PUBLISHER).strip(),
            s.get(SettingKeys.RELEASE_CONTACT).strip(),
            s.get(SettingKeys.RELEASE_METHODOLOGY_URL).strip(),
            s.get(SettingKeys.RELEASE_SDMX_AGENCY).strip());
    if (p.name.isEmpty()) {
      throw Errors.badSettingValue(
          SettingKeys.RELEASE_PUBLISHER.key(),
          "",
          "a release must name its publisher",
          "Set it to the office's name, e.g. --set "
              + SettingKeys.RELEASE_PUBLISHER.key()
              + "=NBS.");
    }
    if (!p.contact.isEmpty()
        && !EMAIL.matcher(p.contact).matches()
        && !URL.matcher(p.contact).matches()) {
      throw Errors.badSettingValue(
          SettingKeys.RELEASE_CONTACT.key(),
          p.contact,
          "neither an e-mail address nor an http(s) URL",
          "Set it to e.g. statistics@office.example or https://office.example/contact, or \"\".");
    }
    if (!p.methodologyUrl.isEmpty() && !URL.matcher(p.methodologyUrl).matches()) {
      throw Errors.badSettingValue(
          SettingKeys.RELEASE_METHODOLOGY_URL.key(),
          p.methodologyUrl,
          "not an http(s) URL",
          "Set it to the methodology's published address, e.g. https://office.example/methods,"
              + " or \"\".");
    }
    if (!AGENCY.matcher(p.sdmxAgency).matches()) {
      throw Errors.badSettingValue(
          SettingKeys.RELEASE_SDMX_AGENCY.key(),
          p.sdmxAgency,
          "not an SDMX agency id (a letter, then letters, digits or underscores)",
          "Set it to the office's SDMX agency id, e.g. --set "
              + SettingKeys.RELEASE_SDMX_AGENCY.key()
              + "=NBS.");
    }
    return p;
  }

  /** The manifest's configuration entries. */
  Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(SettingKeys.RELEASE_PUBLISHER.key(), name);
    m.put(SettingKeys.RELEASE_CONTACT.key(), contact);
    m.put(SettingKeys.RELEASE_METHODOLOGY_URL.key(), methodologyUrl);
    m.put(SettingKeys.RELEASE_SDMX_AGENCY.key(), sdmxAgency);
    return m;
  }

  /** As a manifest recorded it; a manifest written before publishers were configured has none. */
  static Publisher fromMap(Map<String, String> m) {
    return new Publisher(
        m.getOrDefault(SettingKeys.RELEASE_PUBLISHER.key(), DEFAULT_NAME),
        m.getOrDefault(SettingKeys.RELEASE_CONTACT.key(), ""),
        m.getOrDefault(SettingKeys.RELEASE_METHODOLOGY_URL.key(), ""),
        m.getOrDefault(SettingKeys.RELEASE_SDMX_AGENCY.key(), DEFAULT_AGENCY));
  }

  /** The contact as a link target: {@code mailto:} an address, the URL itself, or null. */
  String contactHref() {
    if (contact.isEmpty()) {
      return null;
    }
    return EMAIL.matcher(contact).matches() ? "mailto:" + contact : contact;
  }
}
