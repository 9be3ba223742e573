#include "shikan/probe/serial.hpp"

#include <system_error>

#include <termios.h>

namespace shikan::probe {

boost::asio::serial_port open_serial(boost::asio::io_context& io, const std::string& path, unsigned baud) {
  boost::asio::serial_port port(io);
  boost::system::error_code ec;
  port.open(path, ec);
  if (ec) throw std::system_error(ec, "cannot open serial port " + path);
  // Raw mode: no echo, no line discipline, no CR/LF translation (AT answers keep their CR LF).
  termios tio{};
  const int fd = port.native_handle();
  if (::tcgetattr(fd, &tio) == 0) {
    ::cfmakeraw(&tio);
    tio.c_cflag |= CLOCAL | CREAD;
    tio.c_cc[VMIN] = 1;
    tio.c_cc[VTIME] = 0;
    ::tcsetattr(fd, TCSANOW, &tio);
  }
  using boost::asio::serial_port_base;
  port.set_option(serial_port_base::baud_rate(baud), ec);  // a pty may refuse; that is fine
  ec.clear();
  port.set_option(serial_port_base::character_size(8), ec);
  ec.clear();
  return port;
}

}  // namespace shikan::probe
